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

    private TrialEnd() {}

    /**
     * Asks {@link TrialInfoAgent} (O2A) to tell every subscriber that the trial has ended; {@code confirmed} is
     * completed with how many confirmed it, once all have answered (or could not be reached) or after {@code waitMs}.
     */
    record Announce(long waitMs, CompletableFuture<Integer> confirmed) {}
}
