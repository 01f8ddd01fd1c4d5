package org.lambo.agents;

import java.util.OptionalLong;

/**
 * Whether and when an agent tries its DF registration again: only when the request never reached the DF (the AMS
 * answered for it: an MTS error, such as "Agent not found: getContainerID() failed to find agent df@lambo"), at most
 * {@code attempts} attempts in all, waiting {@code firstDelayMs}, twice that, and so on up to {@code maxDelayMs}
 * between them. An answer of the DF itself (a refusal, "already-registered", a malformed description) is final: asking
 * again would get the same answer.
 *
 * @param attempts attempts in all, at least 1
 * @param firstDelayMs the wait after the first failed attempt, at least 1 ms
 * @param maxDelayMs the longest wait, at least {@code firstDelayMs}
 * @param answerMs how long one attempt waits for the DF's answer (JADE's own {@code DFService.register} waits for ever,
 *     and a DF that dies holding the request, or never answers, would hold the agent's thread as long); no answer
 *     counts as not delivered
 */
public record RegistrationRetry(int attempts, long firstDelayMs, long maxDelayMs, long answerMs) {
    /** Six attempts over about 3 s (waits of 0.1, 0.2, 0.4, 0.8 and 1.6 s), each waiting up to 30 s for the answer. */
    public static final RegistrationRetry DEFAULT = new RegistrationRetry(6, 100, 2_000, 30_000);

    public RegistrationRetry {
        if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        if (firstDelayMs < 1)
            throw new IllegalArgumentException("firstDelayMs must be at least 1, got " + firstDelayMs);
        if (maxDelayMs < firstDelayMs)
            throw new IllegalArgumentException(
                    "maxDelayMs must be at least firstDelayMs (" + firstDelayMs + "), got " + maxDelayMs);
        if (answerMs < 1) throw new IllegalArgumentException("answerMs must be at least 1, got " + answerMs);
    }

    /**
     * The wait before the next attempt once {@code failed} attempts have failed, the last one as {@code answer} says;
     * empty: no attempt is left, or the DF itself answered.
     *
     * @param failed attempts failed so far, at least 1
     */
    public OptionalLong next(int failed, Answer answer) {
        if (failed < 1) throw new IllegalArgumentException("failed must be at least 1, got " + failed);
        if (answer != Answer.NOT_DELIVERED || failed >= attempts) return OptionalLong.empty();
        return OptionalLong.of(Math.min(maxDelayMs, firstDelayMs << Math.min(failed - 1, 20)));
    }

    /** Who answered a failed registration. */
    public enum Answer {
        /** The request did not reach the DF: the platform (AMS) answered that it could not deliver it. */
        NOT_DELIVERED,
        /** The DF answered: it refused, failed or did not understand. */
        THE_DF
    }

    /**
     * Who answered, from the failed answer's sender (local name; null when there was no answer message) and content:
     * the AMS, or a content naming an MTS error, means the request was not delivered.
     */
    public static Answer answeredBy(String senderLocalName, String content) {
        if (senderLocalName == null || "ams".equalsIgnoreCase(senderLocalName)) return Answer.NOT_DELIVERED;
        if (content != null && content.contains("MTS-error")) return Answer.NOT_DELIVERED;
        return Answer.THE_DF;
    }
}
