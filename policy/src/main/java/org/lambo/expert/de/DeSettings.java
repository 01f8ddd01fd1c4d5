package org.lambo.expert.de;

import java.util.Locale;
import org.lambo.io.InputException;
import org.lambo.policy.PolicySettings;

/**
 * The knobs of {@link DifferentialEvolution}, read from {@code de.*} policy options. The search stops at the first
 * budget reached: {@code generations}, {@code evaluations} (0 = no cap) or {@code timeLimitMs} (0 = no cap). A time
 * limit makes the result depend on the machine; without one a seed fixes it.
 *
 * @param population {@code de.population}, individuals per generation (default {@value #DEFAULT_POPULATION})
 * @param f {@code de.f}, the differential weight F (default {@value #DEFAULT_F})
 * @param cr {@code de.cr}, the binomial crossover rate CR (default {@value #DEFAULT_CR})
 * @param generations {@code de.generations}, generations after the initial one (default {@value #DEFAULT_GENERATIONS})
 * @param evaluations {@code de.evaluations}, cap on fitness evaluations, initial population and polish included
 *     (default 0: none; the initial population is always evaluated, the polish finishes the sweep it is in)
 * @param timeLimitMs {@code de.timeLimitMs}, wall-time budget per decision in ms (default 0: none); with the polish on,
 *     the evolution stops at 3/4 of it and the polish has the rest
 * @param strategy {@code de.strategy}, the mutation (default {@code current-to-best})
 * @param polish {@code de.polish}, finish with one-move hill climbing on the best (default true)
 */
public record DeSettings(
        int population,
        double f,
        double cr,
        int generations,
        long evaluations,
        long timeLimitMs,
        Strategy strategy,
        boolean polish) {
    public static final int DEFAULT_POPULATION = 40;
    public static final double DEFAULT_F = 0.5;
    public static final double DEFAULT_CR = 0.1;
    public static final int DEFAULT_GENERATIONS = 300;

    /** The DE mutation: which vectors the mutant is built from. */
    public enum Strategy {
        /** DE/rand/1/bin: v = x_r1 + F (x_r2 - x_r3). Explores more. */
        RAND_1("rand-1"),
        /** DE/current-to-best/1/bin: v = x_i + F (x_best - x_i) + F (x_r1 - x_r2). Converges faster. */
        CURRENT_TO_BEST_1("current-to-best");

        private final String id;

        Strategy(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        static Strategy parse(String s) {
            for (Strategy st : values()) if (st.id.equals(s.trim().toLowerCase(Locale.ROOT))) return st;
            throw new InputException("option", "de.strategy", "must be rand-1 or current-to-best, got '" + s + "'");
        }
    }

    public DeSettings {
        if (population < 4)
            throw new IllegalArgumentException("de.population must be >= 4 (DE draws 3 partners), got " + population);
        if (!(f > 0 && f <= 2)) throw new IllegalArgumentException("de.f must be in (0, 2], got " + f);
        if (!(cr >= 0 && cr <= 1)) throw new IllegalArgumentException("de.cr must be in [0, 1], got " + cr);
        if (generations < 0) throw new IllegalArgumentException("de.generations must be >= 0, got " + generations);
        if (evaluations < 0)
            throw new IllegalArgumentException("de.evaluations must be >= 0 (0: no cap), got " + evaluations);
        if (timeLimitMs < 0)
            throw new IllegalArgumentException("de.timeLimitMs must be >= 0 (0: no cap), got " + timeLimitMs);
        if (strategy == null) throw new IllegalArgumentException("de.strategy is missing");
    }

    public static DeSettings defaults() {
        return new DeSettings(
                DEFAULT_POPULATION, DEFAULT_F, DEFAULT_CR, DEFAULT_GENERATIONS, 0, 0, Strategy.CURRENT_TO_BEST_1, true);
    }

    /** Reads the {@code de.*} options, each defaulting as documented above; a bad value names the option. */
    public static DeSettings from(PolicySettings s) {
        DeSettings d = defaults();
        return new DeSettings(
                s.intOption("de.population", d.population, 4, 100_000),
                s.doubleOption("de.f", d.f, 1e-6, 2),
                s.doubleOption("de.cr", d.cr, 0, 1),
                s.intOption("de.generations", d.generations, 0, 100_000_000),
                s.intOption("de.evaluations", 0, 0, Integer.MAX_VALUE),
                s.intOption("de.timeLimitMs", 0, 0, Integer.MAX_VALUE),
                Strategy.parse(s.string("de.strategy", d.strategy.id())),
                bool(s, "de.polish", d.polish));
    }

    private static boolean bool(PolicySettings s, String key, boolean dflt) {
        String v = s.string(key, null);
        if (v == null) return dflt;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new InputException("option", key, "must be true or false, got '" + v + "'");
        };
    }

    public DeSettings withGenerations(int g) {
        return new DeSettings(population, f, cr, g, evaluations, timeLimitMs, strategy, polish);
    }

    public DeSettings withTimeLimitMs(long ms) {
        return new DeSettings(population, f, cr, generations, evaluations, ms, strategy, polish);
    }

    public DeSettings withEvaluations(long e) {
        return new DeSettings(population, f, cr, generations, e, timeLimitMs, strategy, polish);
    }
}
