package org.lambo.mec;

/**
 * The uplink channel of SYSTEM_MODEL.md: h = g0 * d^(-alpha) * xi with d at least 1 m, and
 * r = B * log2(1 + p * h / sigma2) with B per UE (orthogonal channels).
 *
 * @param bandwidthHz       B, per UE
 * @param noiseW            sigma2, noise power
 * @param g0                path gain at 1 m
 * @param pathLossExponent  alpha
 */
public record ChannelParams(double bandwidthHz, double noiseW, double g0, double pathLossExponent) {
    /** Distances below this are clamped: d_ij = max(|p_i - q_j|, 1 m). */
    public static final double MIN_DISTANCE_M = 1.0;

    public ChannelParams {
        Checks.positive("channel bandwidthHz", bandwidthHz);
        Checks.positive("channel noiseW", noiseW);
        Checks.positive("channel g0", g0);
        Checks.positive("channel pathLossExponent", pathLossExponent);
    }

    /** Power gain at distance d with small-scale fading xi (1 for none). */
    public double gain(double distanceM, double fading) {
        double d = Math.max(distanceM, MIN_DISTANCE_M);
        return g0 * Math.pow(d, -pathLossExponent) * fading;
    }

    /** Uplink rate in bit/s for transmit power p and power gain h. */
    public double rate(double transmitPowerW, double gain) {
        return bandwidthHz * Math.log(1 + transmitPowerW * gain / noiseW) / Math.log(2);
    }
}
