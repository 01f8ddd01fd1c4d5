package org.lambo.mec;

/**
 * An edge server: a static position, a CPU capacity f_j (cycles/s) that its UEs share, and whether it
 * is up. A down server cannot be chosen.
 */
public record EdgeServer(Point position, double cpuHz, boolean up) {
    public EdgeServer {
        if (position == null) throw new IllegalArgumentException("server position is missing");
        Checks.positive("server cpuHz", cpuHz);
    }

    public EdgeServer withUp(boolean isUp) {
        return new EdgeServer(position, cpuHz, isUp);
    }

    public EdgeServer withCpuHz(double hz) {
        return new EdgeServer(position, hz, up);
    }
}
