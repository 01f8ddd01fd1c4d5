package org.lambo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lambo.io.InstanceJson;
import org.lambo.mec.Instance;
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

    @Option(names = "--instances", defaultValue = "10", paramLabel = "K", description = "Number of slots to write (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--seed", paramLabel = "S", description = "Scenario seed (default: the scenario's own).")
    Long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "Output file.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (instances < 1) throw new IllegalArgumentException("--instances must be >= 1, got " + instances);
        Scenario s = ScenarioLoader.load(scenario);
        World world = new World(s, seed != null ? seed : s.seed());
        List<Instance> list = new ArrayList<>(instances);
        for (int k = 0; k < instances; k++) list.add(world.next());
        InstanceJson.writeAll(out, list);
        spec.commandLine().getOut().println("wrote " + instances + " instances of " + s.name() + " (seed " + world.seed() + ") to " + out);
        return 0;
    }
}
