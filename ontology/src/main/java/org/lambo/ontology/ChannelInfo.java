package org.lambo.ontology;

import org.lambo.check.Require;

/**
 * The uplink channel's parameters (SYSTEM_MODEL.md, "Channel"): bandwidth B per UE, noise power sigma2, path gain g0 at
 * 1 m and path-loss exponent alpha. Travels with label requests so that an expert can rebuild the slot exactly.
 */
public record ChannelInfo(double bandwidthHz, double noiseW, double g0, double pathLossExponent) {
    public ChannelInfo {
        Require.positive("channel.bandwidthHz", bandwidthHz);
        Require.positive("channel.noiseW", noiseW);
        Require.positive("channel.g0", g0);
        Require.positive("channel.pathLossExponent", pathLossExponent);
    }
}
