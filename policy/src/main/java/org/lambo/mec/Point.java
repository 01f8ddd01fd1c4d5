package org.lambo.mec;

/** A position in the area, in metres. */
public record Point(double x, double y) {
    public Point {
        Checks.finite("x", x);
        Checks.finite("y", y);
    }

    public double distanceTo(Point other) {
        return Math.hypot(x - other.x, y - other.y);
    }
}
