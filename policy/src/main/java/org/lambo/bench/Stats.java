package org.lambo.bench;

import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The few statistics a bench table needs. Quantiles interpolate linearly between order statistics (Hyndman and Fan type
 * 7, the default of R and NumPy); confidence intervals are Student t.
 */
public final class Stats {
    private Stats() {}

    public static double mean(double[] v) {
        if (v.length == 0) return Double.NaN;
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    /** Sample standard deviation (n - 1 in the denominator); NaN for fewer than 2 values. */
    public static double sd(double[] v) {
        if (v.length < 2) return Double.NaN;
        double m = mean(v);
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    /** The p-quantile, p in [0, 1], type 7: h = (n - 1) p, interpolated between the neighbours of h. */
    public static double quantile(double[] v, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("quantile p must be in [0, 1], got " + p);
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        double h = (s.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (h - lo) * (s[hi] - s[lo]);
    }

    public static double median(double[] v) {
        return quantile(v, 0.5);
    }

    /**
     * Half-width of the two-sided confidence interval on the mean at the given level: t_{(1+level)/2, n-1} sd /
     * sqrt(n). NaN for fewer than 2 values.
     */
    public static double ciHalfWidth(double[] v, double level) {
        if (!(level > 0 && level < 1))
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
        if (v.length < 2) return Double.NaN;
        double t = new TDistribution(null, v.length - 1).inverseCumulativeProbability((1 + level) / 2);
        return t * sd(v) / Math.sqrt(v.length);
    }
}
