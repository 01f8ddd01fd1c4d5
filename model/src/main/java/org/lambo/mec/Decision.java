package org.lambo.mec;

import java.util.Arrays;

/**
 * The decision of one slot: for every UE i an option x_i in {0, 1..M} (0 = local, j = server j) and, when offloaded, a
 * CPU share s_i in (0, 1] of that server (0 when local). Immutable; whether it is valid for an instance is the
 * {@link DecisionValidator}'s call, not the constructor's.
 */
public final class Decision {
    public static final int LOCAL = 0;

    private final int[] options;
    private final double[] shares;

    public Decision(int[] options, double[] shares) {
        if (options == null || shares == null)
            throw new IllegalArgumentException("decision options and shares are required");
        if (options.length != shares.length) {
            throw new IllegalArgumentException(
                    "decision has " + options.length + " options but " + shares.length + " shares");
        }
        this.options = options.clone();
        this.shares = shares.clone();
    }

    /** Every UE local. */
    public static Decision allLocal(int n) {
        return new Decision(new int[n], new double[n]);
    }

    public int size() {
        return options.length;
    }

    public int option(int i) {
        return options[i];
    }

    public double share(int i) {
        return shares[i];
    }

    public boolean isLocal(int i) {
        return options[i] == LOCAL;
    }

    public int[] options() {
        return options.clone();
    }

    public double[] shares() {
        return shares.clone();
    }

    /** How many UEs chose each option: index 0 local, j server j. */
    public int[] countsPerOption(int m) {
        int[] counts = new int[m + 1];
        for (int o : options) {
            if (o >= 0 && o <= m) counts[o]++;
        }
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Decision d && Arrays.equals(options, d.options) && Arrays.equals(shares, d.shares);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(options) + Arrays.hashCode(shares);
    }

    @Override
    public String toString() {
        return "Decision" + Arrays.toString(options);
    }
}
