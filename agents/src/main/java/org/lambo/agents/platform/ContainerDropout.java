package org.lambo.agents.platform;

import java.time.Instant;

/**
 * One time the main container lost a peripheral container ({@link DropoutTolerantMonitor}): which container, when it
 * last answered a ping, how long it went without answering, and how that ended. A trial lists them in its
 * {@code summary.md} and {@code trial.json}.
 *
 * @param container the container's name ({@code lambo-ues})
 * @param lastAnswer when it last answered a ping before it was lost
 * @param silentMs how long it went without answering: until it answered again ({@link End#KEPT}), until it was removed
 *     ({@link End#REMOVED}), or until the trial's platform closed ({@link End#UNANSWERED_AT_END})
 * @param end how the dropout ended
 * @param cause how the loss was seen: {@code "its connection broke (Connection reset)"}, {@code "no answer to a ping
 *     for 3000 ms"}
 */
public record ContainerDropout(String container, Instant lastAnswer, long silentMs, End end, String cause) {
    /** How a dropout ended. */
    public enum End {
        /** The container answered again within {@code --dropout-ms}: it was kept, its agents untouched. */
        KEPT,
        /** It did not answer for {@code --dropout-ms}: it was removed from the platform, its agents gone. */
        REMOVED,
        /** It had not answered again when the trial's platform closed. */
        UNANSWERED_AT_END;

        /** The end in words, for a summary. */
        public String words() {
            return switch (this) {
                case KEPT -> "answered again: kept";
                case REMOVED -> "removed (--dropout-ms)";
                case UNANSWERED_AT_END -> "not answering when the trial ended";
            };
        }
    }

    public ContainerDropout {
        if (container == null || container.isBlank())
            throw new IllegalArgumentException("a dropout needs a container name, got '" + container + "'");
        if (lastAnswer == null) throw new IllegalArgumentException("a dropout of " + container + " needs a time");
        if (silentMs < 0) throw new IllegalArgumentException("silentMs must be >= 0, got " + silentMs);
        if (end == null) throw new IllegalArgumentException("a dropout of " + container + " needs an end");
        if (cause == null || cause.isBlank())
            throw new IllegalArgumentException("a dropout of " + container + " needs a cause, got '" + cause + "'");
    }
}
