package org.lambo.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.io.Limits;
import org.lambo.mec.Instance;
import org.lambo.rng.Seeds;

/**
 * A family of scenarios: every world draws its own scenario from its seed (stream {@code family}), so one training run
 * sees many N, M, server speeds, task profiles, fading and deadlines. Everything not drawn (area, mobility, channel,
 * the UEs' hardware) comes from the base scenario. Read from YAML by {@link FamilyLoader}; {@code configs/README.md}
 * documents every field.
 *
 * <p>Draws, in this order, per world: N, M, each server's f_j, the task profile p, the deadline factor, fading, and
 * each server's up or down state (one server always stays up). The task profile p interpolates on a log scale between
 * {@code are} (p = 0: D = 1e6 bit, F = 1e9 cycles, spread 0.05) and {@code paper} (p = 1: D = 2e8 bit, F = 1e10 cycles,
 * spread 0.5); p &gt; 1 is heavier than paper.
 *
 * @param base area, mobility, channel and UE hardware of every drawn scenario
 * @param ues N, drawn once per world
 * @param servers M, drawn once per world
 * @param cpuHz each server's f_j
 * @param profile the task profile p (0 = are, 1 = paper)
 * @param deadlineFactor T = factor x F / f_L: 1 is tight (local just meets it), 2 loose
 * @param fading probability that a world has Rayleigh fading
 * @param serverDown probability that a server is down from slot 0 (one always stays up)
 * @param test the held-out test grid, or null
 */
public record ScenarioFamily(
        String name,
        long seed,
        Scenario base,
        IntRange ues,
        IntRange servers,
        Range cpuHz,
        Range profile,
        Range deadlineFactor,
        double fading,
        double serverDown,
        TestGrid test)
        implements ScenarioSource {
    /** The task profile's p is kept within these bounds (beyond them D and F leave every sensible scale). */
    public static final double PROFILE_MIN = -1;

    public static final double PROFILE_MAX = 2;
    /** The loosest deadline factor. */
    public static final double DEADLINE_FACTOR_MAX = 100;

    public ScenarioFamily {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("family name is missing");
        if (base == null
                || ues == null
                || servers == null
                || cpuHz == null
                || profile == null
                || deadlineFactor == null) {
            throw new IllegalArgumentException(
                    "family " + name + ": base, ues, servers, cpuHz, profile and deadlineFactor are required");
        }
        checkSize("family.ues", ues, 1, Limits.MAX_UES);
        checkSize("family.servers", servers, 1, Limits.MAX_SERVERS);
        if ((long) ues.max() * servers.max() > Limits.MAX_LINKS) {
            throw new IllegalArgumentException("family.ues.max x family.servers.max = "
                    + (long) ues.max() * servers.max() + " links is over the limit of " + Limits.MAX_LINKS);
        }
        if (!(cpuHz.min() > 0)) throw new IllegalArgumentException("family.cpuHz.min must be > 0, got " + cpuHz.min());
        if (profile.min() < PROFILE_MIN || profile.max() > PROFILE_MAX) {
            throw new IllegalArgumentException("family.profile must lie in [" + PROFILE_MIN + ", " + PROFILE_MAX
                    + "], got [" + profile.min() + ", " + profile.max() + "]");
        }
        if (profile.log())
            throw new IllegalArgumentException("family.profile is already a log scale: scale must be linear");
        if (deadlineFactor.min() < 1 || deadlineFactor.max() > DEADLINE_FACTOR_MAX) {
            throw new IllegalArgumentException("family.deadlineFactor must lie in [1, " + DEADLINE_FACTOR_MAX
                    + "] (1: all-local just meets the deadline), got [" + deadlineFactor.min() + ", "
                    + deadlineFactor.max() + "]");
        }
        checkProbability("family.fading", fading);
        checkProbability("family.serverDown", serverDown);
    }

    private static void checkSize(String field, IntRange r, int lo, int hi) {
        if (r.min() < lo || r.max() > hi)
            throw new IllegalArgumentException(
                    field + " must lie in [" + lo + ", " + hi + "], got [" + r.min() + ", " + r.max() + "]");
    }

    private static void checkProbability(String field, double p) {
        if (!(p >= 0 && p <= 1))
            throw new IllegalArgumentException(field + " must be a probability in [0, 1], got " + p);
    }

    /** A real range [min, max], drawn uniformly, or log-uniformly with {@code log}. */
    public record Range(double min, double max, boolean log) {
        public Range {
            if (!Double.isFinite(min) || !Double.isFinite(max))
                throw new IllegalArgumentException("range bounds must be finite, got [" + min + ", " + max + "]");
            if (min > max)
                throw new IllegalArgumentException("range min must be <= max, got [" + min + ", " + max + "]");
            if (log && !(min > 0)) throw new IllegalArgumentException("a log-scale range needs min > 0, got " + min);
        }

        public static Range of(double v) {
            return new Range(v, v, false);
        }

        public double draw(RandomGenerator rng) {
            double u = rng.nextDouble();
            if (min == max) return min;
            return log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
        }

        public boolean contains(double v) {
            return v >= min && v <= max;
        }
    }

    /** An integer range [min, max], drawn uniformly, or log-uniformly with {@code log} (more small values). */
    public record IntRange(int min, int max, boolean log) {
        public IntRange {
            if (min < 1) throw new IllegalArgumentException("range min must be >= 1, got " + min);
            if (min > max)
                throw new IllegalArgumentException("range min must be <= max, got [" + min + ", " + max + "]");
        }

        public static IntRange of(int v) {
            return new IntRange(v, v, false);
        }

        public int draw(RandomGenerator rng) {
            double u = rng.nextDouble();
            if (min == max) return min;
            double v = log
                    ? Math.exp(Math.log(min) + u * (Math.log(max + 1.0) - Math.log(min)))
                    : min + u * (max + 1.0 - min);
            return (int) Math.max(min, Math.min(max, Math.floor(v)));
        }

        public boolean contains(int v) {
            return v >= min && v <= max;
        }
    }

    /**
     * The held-out test grid: cells that training never sees, each {@code instances} slots (the first slot of a world
     * of its own, seeded from {@code seed}, the cell's index and the instance's).
     */
    public record TestGrid(long seed, int instances, List<Cell> cells) {
        public static final int MAX_INSTANCES = 10_000;
        public static final int MAX_CELLS = 1_000;
        /** The most slots a grid may hold (cells x instances). */
        public static final int MAX_SLOTS = 100_000;

        public TestGrid {
            if (instances < 1 || instances > MAX_INSTANCES)
                throw new IllegalArgumentException(
                        "test.instances must be in [1, " + MAX_INSTANCES + "], got " + instances);
            if (cells == null || cells.isEmpty())
                throw new IllegalArgumentException("test.cells must list at least one cell");
            if (cells.size() > MAX_CELLS)
                throw new IllegalArgumentException(
                        "test.cells lists " + cells.size() + " cells, over the limit of " + MAX_CELLS);
            if ((long) cells.size() * instances > MAX_SLOTS) {
                throw new IllegalArgumentException(
                        "test grid of " + cells.size() + " cells x " + instances + " instances = "
                                + (long) cells.size() * instances + " slots is over the limit of " + MAX_SLOTS);
            }
            cells = List.copyOf(cells);
            java.util.Set<String> names = new java.util.HashSet<>();
            for (Cell c : cells)
                if (!names.add(c.name()))
                    throw new IllegalArgumentException("test.cells: the name '" + c.name() + "' is used twice");
        }

        /** The world seed of instance {@code k} of cell {@code cell}. */
        public long worldSeed(int cell, int k) {
            return Seeds.derive(seed, "test-cell-" + cell, k);
        }

        /** Every instance of the grid, cell after cell: instance k of a cell is the first slot of its own world. */
        public List<Instance> slots() {
            List<Instance> out = new ArrayList<>(cells.size() * instances);
            for (int c = 0; c < cells.size(); c++) {
                for (int k = 0; k < instances; k++)
                    out.add(cells.get(c).source().firstSlot(worldSeed(c, k)));
            }
            return out;
        }
    }

    /** One cell of the test grid: a name (in the instance ids) and where its worlds come from. */
    public record Cell(String name, ScenarioSource source) {
        public Cell {
            if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException(
                        "test cell name must be 1 to 64 letters, digits, '.', '_' or '-', got '" + name + "'");
            }
            if (source instanceof ScenarioFamily f && f.test() != null)
                throw new IllegalArgumentException("test cell " + name + " must not hold a test grid itself");
        }
    }

    /** The scenario drawn for the world seeded {@code worldSeed} (stream {@code family} of that seed). */
    @Override
    public Scenario scenarioFor(long worldSeed) {
        RandomGenerator rng = Seeds.stream(worldSeed, "family");
        int n = ues.draw(rng);
        int m = servers.draw(rng);
        List<Scenario.ServerSpec> specs = new ArrayList<>(m);
        for (int j = 0; j < m; j++) specs.add(new Scenario.ServerSpec(cpuHz.draw(rng), null));
        double p = profile.draw(rng);
        double factor = deadlineFactor.draw(rng);
        boolean rayleigh = rng.nextDouble() < fading;
        List<DriftEvent> drift = new ArrayList<>();
        List<Integer> down = new ArrayList<>();
        for (int j = 1; j <= m; j++) if (rng.nextDouble() < serverDown) down.add(j);
        if (down.size() == m) down.remove(Integer.valueOf(1 + (int) Math.floor(rng.nextDouble() * m) % m));
        for (int j : down) drift.add(new DriftEvent.ServerDown(0, j));
        Scenario.TaskSpec task = taskProfile(p, factor);
        Scenario.ChannelSpec channel = new Scenario.ChannelSpec(
                base.channel().params(), rayleigh ? Scenario.Fading.RAYLEIGH : Scenario.Fading.NONE);
        // a test cell pins N and M and already names them
        String drawn = ues.min() == ues.max() && servers.min() == servers.max()
                ? name
                : String.format(Locale.ROOT, "%s-n%d-m%d", name, n, m);
        return new Scenario(drawn, worldSeed, base.area(), n, specs, base.mobility(), channel, base.ue(), task, drift);
    }

    /**
     * The task profile p on the log scale from {@code are} (0) to {@code paper} (1): D = 1e6 x 200^p bit, F = 1e9 x
     * 10^p cycles, spread 0.05 + 0.45 p (within [0, 0.9]); deadline factor x F / f_L, no floor.
     */
    public static Scenario.TaskSpec taskProfile(double p, double deadlineFactor) {
        double spread = Math.max(0, Math.min(0.9, 0.05 + 0.45 * p));
        return new Scenario.TaskSpec(
                new Scenario.Uniform(1e6 * Math.pow(200, p), spread),
                new Scenario.Uniform(1e9 * Math.pow(10, p), spread),
                deadlineFactor,
                0);
    }

    @Override
    public int maxUes() {
        return ues.max();
    }

    @Override
    public int maxServers() {
        return servers.max();
    }

    public ScenarioFamily withSeed(long newSeed) {
        return new ScenarioFamily(
                name, newSeed, base, ues, servers, cpuHz, profile, deadlineFactor, fading, serverDown, test);
    }

    /** This family with some draws pinned (a test cell); the result has no test grid. */
    public ScenarioFamily pinned(
            String cellName,
            IntRange n,
            IntRange m,
            Range cpu,
            Range p,
            Range factor,
            Double fadingProbability,
            Double downProbability) {
        return new ScenarioFamily(
                name + "-" + cellName,
                seed,
                base,
                n == null ? ues : n,
                m == null ? servers : m,
                cpu == null ? cpuHz : cpu,
                p == null ? profile : p,
                factor == null ? deadlineFactor : factor,
                fadingProbability == null ? fading : fadingProbability,
                downProbability == null ? serverDown : downProbability,
                null);
    }

    /**
     * The first slots of {@code count} worlds of their own, seeded from {@code seed}: what {@code lambo generate} and
     * {@code bench} use.
     */
    public List<Instance> draws(long fromSeed, int count) {
        List<Instance> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) out.add(firstSlot(Seeds.derive(fromSeed, "family-world", k)));
        return out;
    }
}
