package org.lambo.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lambo.io.InputException;
import org.lambo.io.InstanceJson;
import org.lambo.io.OutputPaths;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes K consecutive slots of a scenario (UEs moving slot to slot) as JSON lines.")
public final class GenerateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", required = true, paramLabel = "FILE",
            description = "Scenario YAML, or a built-in profile: paper, are, small, tiny, drift-half-capacity.")
    String scenario;

    @Option(names = "--instances", defaultValue = "10", paramLabel = "K",
            description = "Number of slots to write, at most 1,000,000 (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--seed", paramLabel = "S", description = "Scenario seed (default: the scenario's own).")
    Long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "Output file.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (instances < 1 || instances > InstanceJson.MAX_INSTANCES) {
            throw new InputException("--instances", "", "must be in [1, " + InstanceJson.MAX_INSTANCES + "] (the most one file may hold), got " + instances);
        }
        OutputPaths.requireFile("--out", out);
        Scenario s = ScenarioLoader.load(scenario);
        World world = new World(s, seed != null ? seed : s.seed());
        InstanceJson.writeAll(out, instances, world::next);
        spec.commandLine().getOut().println("wrote " + instances + " instances of " + s.name() + " (seed " + world.seed() + ") to " + out);
        return 0;
    }
}
