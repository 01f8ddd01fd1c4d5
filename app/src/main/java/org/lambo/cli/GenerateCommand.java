package org.lambo.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lambo.io.InputException;
import org.lambo.io.OutputPaths;
import org.lambo.mec.Instance;
import org.lambo.mec.InstanceJson;
import org.lambo.scenario.FamilyLoader;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioFamily;
import org.lambo.scenario.ScenarioSource;
import org.lambo.scenario.World;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Writes K consecutive slots of a scenario (UEs moving slot to slot) as JSON lines.",
            "--scenario also takes a scenario family (configs/family-*.yaml): then K worlds drawn from it, the first "
                    + "slot of each."
        })
public final class GenerateCommand implements Callable<Integer> {
    @Mixin
    SharedOptions.WorldSeed seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    SharedOptions.RequiredScenario scenario;

    @Option(
            names = "--test-grid",
            description = "With a family: write its held-out test grid (every cell's instances) instead of draws.")
    boolean testGrid;

    @Option(
            names = "--instances",
            defaultValue = "10",
            paramLabel = "K",
            description = "Number of slots to write, at most 1,000,000 (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "Output file.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (instances < 1 || instances > InstanceJson.MAX_INSTANCES) {
            throw new InputException(
                    "--instances",
                    "",
                    "must be in [1, " + InstanceJson.MAX_INSTANCES + "] (the most one file may hold), got "
                            + instances);
        }
        OutputPaths.requireFile("--out", out);
        ScenarioSource src = FamilyLoader.load(scenario.value());
        if (src instanceof ScenarioFamily f) {
            // one slot at a time, as for a scenario: a long file never holds them all in memory
            List<java.util.function.Supplier<Instance>> slots = familySuppliers(f, testGrid, seed.value, instances);
            java.util.Iterator<java.util.function.Supplier<Instance>> next = slots.iterator();
            InstanceJson.writeAll(out, slots.size(), () -> next.next().get());
            spec.commandLine()
                    .getOut()
                    .println("wrote " + slots.size() + " instances of the family " + f.name()
                            + (testGrid
                                    ? "'s test grid (seed " + f.test().seed() + ", "
                                            + f.test().cells().size() + " cells)"
                                    : " (seed " + (seed.or(f.seed())) + ")")
                            + " to " + out);
            return 0;
        }
        if (testGrid)
            throw new InputException(
                    "--test-grid", "", "needs a scenario family; " + scenario.value() + " is one scenario");
        Scenario s = (Scenario) src;
        World world = new World(s, seed.or(s.seed()));
        InstanceJson.writeAll(out, instances, world::next);
        spec.commandLine()
                .getOut()
                .println("wrote " + instances + " instances of " + s.name() + " (seed " + world.seed() + ") to " + out);
        return 0;
    }

    /**
     * A family's instances: its held-out test grid, or {@code count} draws (the first slot of a world of its own each)
     * from {@code seed} (default: the family's).
     */
    static List<Instance> familySlots(ScenarioFamily f, boolean testGrid, Long seed, int count) {
        return familySuppliers(f, testGrid, seed, count).stream()
                .map(java.util.function.Supplier::get)
                .toList();
    }

    /** The family's instances as makers, in order (each drawn when asked for). */
    static List<java.util.function.Supplier<Instance>> familySuppliers(
            ScenarioFamily f, boolean testGrid, Long seed, int count) {
        List<java.util.function.Supplier<Instance>> out = new java.util.ArrayList<>();
        if (testGrid) {
            if (f.test() == null)
                throw new InputException(
                        "--test-grid", "", "the family " + f.name() + " defines no test grid (no test block)");
            if (seed != null)
                throw new InputException(
                        "--seed", "", "cannot be given with --test-grid (the grid has its own seed), got " + seed);
            ScenarioFamily.TestGrid g = f.test();
            for (int c = 0; c < g.cells().size(); c++) {
                for (int k = 0; k < g.instances(); k++) {
                    ScenarioFamily.Cell cell = g.cells().get(c);
                    long ws = g.worldSeed(c, k);
                    out.add(() -> cell.source().firstSlot(ws));
                }
            }
            return out;
        }
        long from = seed != null ? seed : f.seed();
        if (f.test() != null && from == f.test().seed()) {
            throw new InputException(
                    "--seed",
                    "",
                    "is " + from + ", the seed of the family's held-out test grid: use --test-grid for it");
        }
        for (int k = 0; k < count; k++) {
            long ws = org.lambo.rng.Seeds.derive(from, "family-world", k);
            out.add(() -> f.firstSlot(ws));
        }
        return out;
    }
}
