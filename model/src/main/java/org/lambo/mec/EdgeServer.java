package org.lambo.mec;

import org.lambo.check.Require;

/**
 * An edge server: a static position, a CPU capacity f_j (cycles/s) that its UEs share, and whether it is up. A down
 * server cannot be chosen. The position is null when it is not known (an instance with measured gains needs none;
 * {@link Instance} refuses a missing position without gains).
 */
public record EdgeServer(Point position, double cpuHz, boolean up) {
    public EdgeServer {
        Require.positive("server cpuHz", cpuHz);
    }

    public EdgeServer withUp(boolean isUp) {
        return new EdgeServer(position, cpuHz, isUp);
    }

    public EdgeServer withCpuHz(double hz) {
        return new EdgeServer(position, hz, up);
    }
}
