package org.lambo.mec;

import org.lambo.check.Require;

/** A position in the area, in metres. */
public record Point(double x, double y) {
    public Point {
        Require.finite("x", x);
        Require.finite("y", y);
    }

    public double distanceTo(Point other) {
        return Math.hypot(x - other.x, y - other.y);
    }
}
