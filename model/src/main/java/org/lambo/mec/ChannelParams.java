package org.lambo.mec;

import org.lambo.check.Require;

/**
 * The uplink channel of SYSTEM_MODEL.md: h = g0 * d^(-alpha) * xi with d at least 1 m, and r = B * log2(1 + p * h /
 * sigma2) with B per UE (orthogonal channels).
 *
 * @param bandwidthHz B, per UE
 * @param noiseW sigma2, noise power
 * @param g0 path gain at 1 m; NaN when not given (an instance with measured gains needs no distance model)
 * @param pathLossExponent alpha; NaN when not given, likewise
 */
public record ChannelParams(double bandwidthHz, double noiseW, double g0, double pathLossExponent) {
    /** Distances below this are clamped: d_ij = max(|p_i - q_j|, 1 m). */
    public static final double MIN_DISTANCE_M = 1.0;

    public ChannelParams {
        Require.positive("channel bandwidthHz", bandwidthHz);
        Require.positive("channel noiseW", noiseW);
        if (!Double.isNaN(g0)) Require.positive("channel g0", g0);
        if (!Double.isNaN(pathLossExponent)) Require.positive("channel pathLossExponent", pathLossExponent);
    }

    /** Bandwidth and noise only: for measured gains, with no distance model (g0 and alpha not given). */
    public static ChannelParams measuredOnly(double bandwidthHz, double noiseW) {
        return new ChannelParams(bandwidthHz, noiseW, Double.NaN, Double.NaN);
    }

    /** Whether g0 and alpha are both given, so that gains can be computed from distances. */
    public boolean hasDistanceModel() {
        return !Double.isNaN(g0) && !Double.isNaN(pathLossExponent);
    }

    /** Power gain at distance d with small-scale fading xi (1 for none). */
    public double gain(double distanceM, double fading) {
        if (!hasDistanceModel()) {
            throw new IllegalStateException("the channel has no distance model (g0 = " + g0 + ", pathLossExponent = "
                    + pathLossExponent + "): give both, or measured gains");
        }
        double d = Math.max(distanceM, MIN_DISTANCE_M);
        return g0 * Math.pow(d, -pathLossExponent) * fading;
    }

    /** Uplink rate in bit/s for transmit power p and power gain h. */
    public double rate(double transmitPowerW, double gain) {
        return bandwidthHz * Math.log(1 + transmitPowerW * gain / noiseW) / Math.log(2);
    }
}
