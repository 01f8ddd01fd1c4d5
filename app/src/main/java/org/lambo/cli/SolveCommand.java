package org.lambo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lambo.io.InputException;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Evaluation;
import org.lambo.mec.Instance;
import org.lambo.mec.InstanceJson;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.policy.ReportsBound;
import org.lambo.policy.Solution;
import org.lambo.rng.Seeds;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "solve",
        mixinStandardHelpOptions = true,
        description = "Decides one instance with a policy and prints the decision and its costs as JSON.")
public final class SolveCommand implements Callable<Integer> {
    @Mixin
    SharedOptions.PolicyOptions options = new SharedOptions.PolicyOptions();

    @Mixin
    SharedOptions.RunSeed seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--instance", required = true, paramLabel = "FILE", description = "Instance file (JSON lines).")
    Path instanceFile;

    @Option(
            names = "--index",
            defaultValue = "0",
            paramLabel = "K",
            description = "Which instance of the file, from 0 (default: ${DEFAULT-VALUE}).")
    int index;

    @Option(
            names = "--policy",
            required = true,
            paramLabel = "P",
            description = "Policy name (see `lambo bench --help`).")
    String policy;

    @Mixin
    SharedOptions.PromptOption prompt;

    @Override
    public Integer call() throws Exception {
        Prompt q = prompt.parse();
        if (index < 0) throw new InputException("--index", "", "must be >= 0, got " + index);
        Instance inst = InstanceJson.read(instanceFile, index).instance();
        Solution sol;
        Decision d;
        double ms;
        String name;
        try (OffloadingPolicy p =
                Policies.create(policy, new PolicySettings(Seeds.derive(seed.value, policy), options.pairs()))) {
            name = p.name();
            long t0 = System.nanoTime();
            var bound = p.capability(ReportsBound.class);
            sol = bound.isPresent() ? bound.get().solve(inst, q) : null;
            d = sol != null ? sol.decision() : p.decide(inst, q);
            ms = (System.nanoTime() - t0) / 1e6;
        }
        List<DecisionValidator.Violation> violations = DecisionValidator.violations(inst, d);
        Evaluation ev = CostModel.evaluate(inst, d);
        ObjectNode out = JSON.createObjectNode();
        out.put("instance", inst.id());
        out.put("policy", name);
        out.put("prompt", q.id());
        out.put("objective", ev.objective(q));
        out.put("meanLatencyS", ev.meanLatency());
        out.put("totalEnergyJ", ev.totalEnergy());
        if (sol != null) {
            out.put("bound", sol.bound());
            out.put("provenGap", sol.provenGap());
            out.put("status", sol.statusText());
        }
        out.put("decideMs", ms);
        out.put("valid", violations.isEmpty());
        ArrayNode vs = out.putArray("violations");
        violations.forEach(v -> vs.add(v.toString()));
        ArrayNode ues = out.putArray("decision");
        for (int i = 0; i < inst.n(); i++) {
            ues.addObject()
                    .put("ue", i)
                    .put("option", d.option(i))
                    .put("share", d.share(i))
                    .put("latencyS", ev.latency(i))
                    .put("energyJ", ev.energy(i));
        }
        spec.commandLine().getOut().println(JSON.writeValueAsString(out));
        return violations.isEmpty() ? 0 : 1;
    }
}
