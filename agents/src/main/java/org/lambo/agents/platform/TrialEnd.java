package org.lambo.agents.platform;

import java.util.concurrent.CompletableFuture;

/**
 * The trial's end, told to its peripheral containers before the platform is killed. At a trial's normal end a
 * peripheral container can lose its link to the main container (the main's port closes) before JADE's shutdown notice
 * reaches it; without a word from the trial it could not tell that from a main container that died mid-trial, and said
 * "the trial's main container ... is gone" (exit 3). So each {@code lambo container} subscribes to the trial's
 * {@value TrialInfoAgent#NAME} agent ({@link TrialEndListener}, protocol {@value #PROTOCOL}); when the main container
 * closes its platform, {@link TrialInfoAgent} first tells every subscriber "{@value #CONTENT}" and waits (at most
 * {@link JadePlatform#TRIAL_END_WAIT_MS}) for their confirmations; a container told so ends with "the trial has ended"
 * however its link ends afterwards. Only the agent named {@value TrialInfoAgent#NAME} may say it (that name is the main
 * container's for the trial's whole life); from any other sender it is refused, unread.
 */
final class TrialEnd {
    /** The protocol of the subscription and of the notice. */
    static final String PROTOCOL = "lambo-trial-end";
    /** The notice's content. */
    static final String CONTENT = "the trial has ended";
    /** The most subscribers {@link TrialInfoAgent} keeps (a trial has a handful of containers); more are refused. */
    static final int MOST_SUBSCRIBERS = 1_000;

    /**
     * The conversation of {@link TrialInfoAgent}'s word to the subscribers that the main container removed a container:
     * content, its addresses {@code host:port} separated by spaces; each subscriber cuts its connections to them
     * ({@link TrialTlsPeer#cutOff}), as the main container did. Without it a container whose messages to the frozen one
     * held its delivery threads stayed stuck (and with it the platform's shutdown, which waits for each container to
     * exit) until the frozen one thawed or each delivery's answer deadline passed.
     */
    static final String REMOVED_CONVERSATION = "lambo-container-removed";

    /** The most addresses one word of a removal carries (a container listens on one or two). */
    static final int MOST_REMOVED_ADDRESSES = 8;

    private TrialEnd() {}

    /** Asks {@link TrialInfoAgent} (O2A) to tell every subscriber but the container's own that it was removed. */
    record Removed(String container, java.util.List<String> addresses) {}

    /**
     * The addresses of a removal's content ({@link #REMOVED_CONVERSATION}): each {@code host:port} with a port 1 to
     * 65535; null when the content is not that (too many, a bad token, none).
     */
    static java.util.List<String> removedAddresses(String content) {
        if (content == null || content.isBlank()) return null;
        String[] tokens = content.strip().split(" +");
        if (tokens.length > MOST_REMOVED_ADDRESSES) return null;
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String t : tokens) {
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || colon == t.length() - 1 || t.length() > 300) return null;
            int port;
            try {
                port = Integer.parseInt(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (port < 1 || port > 65_535) return null;
            out.add(t);
        }
        return out;
    }

    /**
     * Asks {@link TrialInfoAgent} (O2A) to tell every subscriber that the trial has ended; {@code confirmed} is
     * completed with how many confirmed it, once all have answered (or could not be reached) or after {@code waitMs}.
     */
    record Announce(long waitMs, CompletableFuture<Integer> confirmed) {}
}
