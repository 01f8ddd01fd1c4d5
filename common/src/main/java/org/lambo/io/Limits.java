package org.lambo.io;

/**
 * The sizes every reader of the testbed accepts at most (scenarios, instance files, the vocabulary's messages),
 * documented in {@code docs/INSTANCE_FORMAT.md}. They cover every real use with room to spare (the LAMBO case study has
 * N = 50 and M = 4) and keep one slot's tables within memory: beyond them an input is refused, naming the field, the
 * value and the limit.
 */
public final class Limits {
    /** The most UEs in one slot (N). */
    public static final int MAX_UES = 10_000;
    /** The most edge servers (M). */
    public static final int MAX_SERVERS = 1_000;
    /**
     * The most UE-server links in one slot (N x M): the size of its gain and rate tables (two tables of 16 MB each at
     * the limit), enough for 10,000 UEs with 200 servers.
     */
    public static final long MAX_LINKS = 2_000_000;

    private Limits() {}
}
