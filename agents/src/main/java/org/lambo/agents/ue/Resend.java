package org.lambo.agents.ue;

/**
 * When a UE sends its request again after its platform could not deliver it (the AMS's FAILURE: the orchestrator's
 * container was unreachable, a connection was cut under the message): after {@code firstMs}, then twice as long each
 * time up to {@code maxMs}, as long as the wait ends before the task's decision deadline. Plain Java.
 *
 * @param firstMs the wait before the first resend
 * @param maxMs the longest wait between two sends
 */
public record Resend(long firstMs, long maxMs) {
    /** 250 ms, 500 ms, 1 s, 2 s, then every 4 s. */
    public static final Resend DEFAULT = new Resend(250, 4000);

    public Resend {
        if (firstMs <= 0) throw new IllegalArgumentException("firstMs must be > 0, got " + firstMs);
        if (maxMs < firstMs)
            throw new IllegalArgumentException("maxMs must be >= firstMs (" + firstMs + "), got " + maxMs);
    }

    /**
     * The wait before resend number {@code resend} (1 for the first), or -1 when no resend: the wait would not end
     * before the deadline, {@code remainingMs} away.
     */
    public long delayMs(int resend, long remainingMs) {
        if (resend < 1) throw new IllegalArgumentException("resend must be >= 1, got " + resend);
        long d = firstMs;
        for (int k = 1; k < resend && d < maxMs; k++) d *= 2;
        d = Math.min(d, maxMs);
        return d < remainingMs ? d : -1;
    }
}
