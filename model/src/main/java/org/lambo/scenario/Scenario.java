package org.lambo.scenario;

import java.util.List;
import org.lambo.check.Require;
import org.lambo.mec.ChannelParams;
import org.lambo.mec.Point;

/**
 * A scenario: the area, the servers, the UEs' hardware, the task profile, mobility, the channel and the drift events.
 * Loaded from YAML by {@link ScenarioLoader}; a {@link World} turns it into a sequence of slot instances from one seed.
 * Immutable, validated in the constructors.
 *
 * @param name the profile's name, used in instance ids
 * @param seed the scenario seed (the command line's {@code --seed} overrides it)
 * @param ues N at slot 0
 */
public record Scenario(
        String name,
        long seed,
        Area area,
        int ues,
        List<ServerSpec> servers,
        Mobility mobility,
        ChannelSpec channel,
        UeSpec ue,
        TaskSpec task,
        List<DriftEvent> drift)
        implements ScenarioSource {
    public Scenario {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("scenario name is missing");
        Require.atLeast("ues", ues, 1);
        if (servers == null || servers.isEmpty()) throw new IllegalArgumentException("servers must not be empty");
        servers = List.copyOf(servers);
        org.lambo.mec.Instance.checkSize("scenario " + name, ues, servers.size());
        drift = drift == null ? List.of() : List.copyOf(drift);
        for (DriftEvent e : drift) {
            if (e instanceof DriftEvent.UeCount u)
                org.lambo.mec.Instance.checkSize(
                        "scenario " + name + ", drift at slot " + u.slot(), u.count(), servers.size());
        }
        for (ServerSpec s : servers) {
            if (s.position() != null && !area.contains(s.position())) {
                throw new IllegalArgumentException("server position " + s.position() + " is outside the area " + area);
            }
            if (s.line() != null && s.line().segmentIn(area) == null) {
                throw new IllegalArgumentException("server line " + s.line() + " does not cross the area " + area);
            }
        }
        for (DriftEvent e : drift) e.checkAgainst(servers.size());
    }

    /** Every world of a scenario has the scenario itself; only the seed differs. */
    @Override
    public Scenario scenarioFor(long worldSeed) {
        return this;
    }

    /** N at slot 0, or the largest count a {@code ue-count} drift sets. */
    @Override
    public int maxUes() {
        int n = ues;
        for (DriftEvent e : drift) if (e instanceof DriftEvent.UeCount u) n = Math.max(n, u.count());
        return n;
    }

    @Override
    public int maxServers() {
        return servers.size();
    }

    public Scenario withSeed(long newSeed) {
        return new Scenario(name, newSeed, area, ues, servers, mobility, channel, ue, task, drift);
    }

    public Scenario withUes(int n) {
        return new Scenario(name, seed, area, n, servers, mobility, channel, ue, task, drift);
    }

    public Scenario withServers(List<ServerSpec> s) {
        return new Scenario(name, seed, area, ues, s, mobility, channel, ue, task, drift);
    }

    public Scenario withDrift(List<DriftEvent> d) {
        return new Scenario(name, seed, area, ues, servers, mobility, channel, ue, task, d);
    }

    /** W x H in metres. */
    public record Area(double width, double height) {
        public Area {
            Require.positive("area.width", width);
            Require.positive("area.height", height);
        }

        public boolean contains(Point p) {
            return p.x() >= 0 && p.x() <= width && p.y() >= 0 && p.y() <= height;
        }
    }

    /**
     * A server's CPU f_j and where it stands: a fixed position, or (without one) a seeded uniform draw fixed for the
     * run; or, with {@code perSlot}, re-placed every slot (uniform in the area, or uniform along {@code line} where it
     * crosses the area), as the ARE data moves its UAVs and its ground vehicle.
     *
     * @param position fixed position, or null
     * @param perSlot re-placed every slot (then no fixed position)
     * @param line with {@code perSlot}: the road a x + b y + c = 0 it moves on, or null for the whole area
     */
    public record ServerSpec(double cpuHz, Point position, boolean perSlot, Line line) {
        public ServerSpec {
            Require.positive("servers[].cpuHz", cpuHz);
            if (perSlot && position != null)
                throw new IllegalArgumentException("a server re-placed every slot has no fixed position");
            if (line != null && !perSlot)
                throw new IllegalArgumentException("a server's line needs placement: per-slot");
        }

        public ServerSpec(double cpuHz, Point position) {
            this(cpuHz, position, false, null);
        }
    }

    /** The line a x + b y + c = 0 (a and b not both 0). */
    public record Line(double a, double b, double c) {
        public Line {
            Require.finite("line.a", a);
            Require.finite("line.b", b);
            Require.finite("line.c", c);
            if (a == 0 && b == 0) throw new IllegalArgumentException("line a and b must not both be 0");
        }

        /** The segment of the line inside the area, as {x0, y0, x1, y1}, or null when the line misses it. */
        public double[] segmentIn(Area area) {
            java.util.List<double[]> pts = new java.util.ArrayList<>();
            double w = area.width();
            double h = area.height();
            if (b != 0) {
                for (double x : new double[] {0, w}) {
                    double y = -(a * x + c) / b;
                    if (y >= -1e-9 && y <= h + 1e-9) pts.add(new double[] {x, Math.min(h, Math.max(0, y))});
                }
            }
            if (a != 0) {
                for (double y : new double[] {0, h}) {
                    double x = -(b * y + c) / a;
                    if (x >= -1e-9 && x <= w + 1e-9) pts.add(new double[] {Math.min(w, Math.max(0, x)), y});
                }
            }
            if (pts.isEmpty()) return null;
            double[] p0 = pts.get(0);
            double[] p1 = p0;
            double far = -1;
            for (double[] p : pts) {
                double d = Math.hypot(p[0] - p0[0], p[1] - p0[1]);
                if (d > far) {
                    far = d;
                    p1 = p;
                }
            }
            return new double[] {p0[0], p0[1], p1[0], p1[1]};
        }
    }

    /** Random direction with reflection: speed U(0, maxSpeed), heading re-drawn w.p. turnProbability per slot. */
    public record Mobility(double maxSpeed, double slotS, double turnProbability) {
        public Mobility {
            Require.nonNegative("mobility.maxSpeed", maxSpeed);
            Require.positive("mobility.slot", slotS);
            Require.probability("mobility.turnProbability", turnProbability);
        }
    }

    public enum Fading {
        NONE,
        RAYLEIGH;

        public static Fading parse(String s) {
            return switch (s) {
                case "none" -> NONE;
                case "rayleigh" -> RAYLEIGH;
                default -> throw new IllegalArgumentException("fading must be none or rayleigh, got '" + s + "'");
            };
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record ChannelSpec(ChannelParams params, Fading fading) {
        public ChannelSpec {
            if (params == null || fading == null)
                throw new IllegalArgumentException("channel params and fading are required");
        }
    }

    /** Every UE's hardware: f_L, P_L and p. */
    public record UeSpec(double localCpuHz, double localPowerW, double transmitPowerW) {
        public UeSpec {
            Require.positive("ue.localCpuHz", localCpuHz);
            Require.positive("ue.localPowerW", localPowerW);
            Require.positive("ue.transmitPowerW", transmitPowerW);
        }
    }

    /** mean x U(1 - spread, 1 + spread). */
    public record Uniform(double mean, double spread) {
        public Uniform {
            Require.positive("mean", mean);
            if (!(spread >= 0 && spread < 1))
                throw new IllegalArgumentException("spread must be in [0, 1), got " + spread);
        }

        public double draw(org.apache.commons.math3.random.RandomGenerator rng) {
            return mean * (1 - spread + 2 * spread * rng.nextDouble());
        }

        public Uniform scaled(double factor) {
            return new Uniform(mean * factor, spread);
        }
    }

    /**
     * The task profile: D and F drawn uniformly around their means, deadline T = max(floorS, factor * F / f_L) with
     * factor &gt;= 1 so that all-local is always feasible.
     */
    public record TaskSpec(Uniform bits, Uniform cycles, double deadlineFactor, double deadlineFloorS) {
        public TaskSpec {
            if (bits == null || cycles == null) throw new IllegalArgumentException("task bits and cycles are required");
            if (!(deadlineFactor >= 1) || !Double.isFinite(deadlineFactor)) {
                throw new IllegalArgumentException(
                        "task.deadline.factor must be >= 1 (all-local must stay feasible), got " + deadlineFactor);
            }
            Require.nonNegative("task.deadline.floorS", deadlineFloorS);
        }

        public TaskSpec scaled(double bitsFactor, double cyclesFactor) {
            return new TaskSpec(bits.scaled(bitsFactor), cycles.scaled(cyclesFactor), deadlineFactor, deadlineFloorS);
        }
    }
}
