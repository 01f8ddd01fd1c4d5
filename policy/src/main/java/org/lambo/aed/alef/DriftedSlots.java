package org.lambo.aed.alef;

import java.util.ArrayList;
import java.util.List;
import org.lambo.mec.Instance;
import org.lambo.rng.Seeds;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.World;

/**
 * The slots ALEF works on, drawn from the changed environment: {@code worlds} worlds of the scenario (world w seeded
 * {@code Seeds.derive(seed, "alef.world", w)}), each run up to {@code fromSlot}; from there each world gives its share
 * of the unlabelled pool, and then, later in time and so never seen by the queries, its share of the held-out slots.
 * {@code heldOutUndrifted} are the same held-out slots (same worlds, same slots, same UEs and tasks) of the scenario
 * without its drift events: the pre-trained policy's gap there is the gap before the drift, the baseline of "the gap
 * that the drift opened".
 *
 * @param pool unlabelled slots, world by world in time order
 * @param heldOut held-out slots after the pool's, world by world
 * @param heldOutUndrifted the held-out slots with no drift applied
 */
public record DriftedSlots(List<Instance> pool, List<Instance> heldOut, List<Instance> heldOutUndrifted) {
    public DriftedSlots {
        pool = List.copyOf(pool);
        heldOut = List.copyOf(heldOut);
        heldOutUndrifted = List.copyOf(heldOutUndrifted);
        if (heldOut.size() != heldOutUndrifted.size()) {
            throw new IllegalArgumentException(
                    "held-out sets differ in size: " + heldOut.size() + " and " + heldOutUndrifted.size());
        }
    }

    /** Draws the slots of {@code opts} from {@code scenario}. */
    public static DriftedSlots draw(Scenario scenario, AlefOptions opts) {
        Scenario undrifted = scenario.withDrift(List.of());
        List<Instance> pool = new ArrayList<>();
        List<Instance> held = new ArrayList<>();
        List<Instance> heldUndrifted = new ArrayList<>();
        for (int w = 0; w < opts.worlds(); w++) {
            long seed = Seeds.derive(opts.seed(), "alef.world", w);
            int poolHere = share(opts.pool(), opts.worlds(), w);
            int heldHere = share(opts.heldOut(), opts.worlds(), w);
            World drifted = new World(scenario, seed);
            World plain = new World(undrifted, seed);
            for (int s = 0; s < opts.fromSlot(); s++) {
                drifted.next();
                plain.next();
            }
            for (int k = 0; k < poolHere; k++) {
                pool.add(drifted.next());
                plain.next();
            }
            for (int k = 0; k < heldHere; k++) {
                held.add(drifted.next());
                heldUndrifted.add(plain.next());
            }
        }
        return new DriftedSlots(pool, held, heldUndrifted);
    }

    /**
     * World w's part of {@code total} spread over {@code worlds}: total / worlds, one more for the first total %
     * worlds.
     */
    static int share(int total, int worlds, int w) {
        return total / worlds + (w < total % worlds ? 1 : 0);
    }
}
