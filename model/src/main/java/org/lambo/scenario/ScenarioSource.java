package org.lambo.scenario;

import org.lambo.mec.Instance;

/**
 * Where the worlds of a run come from: one {@link Scenario} (every world the same profile, only the seed differs) or a
 * {@link ScenarioFamily} (every world's scenario drawn from its seed: N, M, server speeds, task profile, fading,
 * servers down, deadlines). The trainers, the warm start and {@code lambo generate} / {@code bench} take either.
 */
public interface ScenarioSource {
    /** The profile's or the family's name. */
    String name();

    /** The scenario seed. */
    long seed();

    /** The scenario of the world seeded {@code worldSeed}: a scenario is itself, a family draws one from the seed. */
    Scenario scenarioFor(long worldSeed);

    /** The world seeded {@code worldSeed}, unrolled from its scenario. */
    default World world(long worldSeed) {
        return new World(scenarioFor(worldSeed), worldSeed);
    }

    /** The first slot of the world seeded {@code worldSeed}. */
    default Instance firstSlot(long worldSeed) {
        return world(worldSeed).next();
    }

    /** The most UEs a slot of any of its worlds can have (for memory budgets). */
    int maxUes();

    /** The most servers a world can have. */
    int maxServers();
}
