package org.lambo.aed;

import java.util.Locale;
import java.util.Map;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * Decides one {@code paper} slot of N UEs (seed 90001) with the built-in {@code aed} (not a test: memory and time are
 * measured, e.g. under {@code /usr/bin/time -v}, not asserted). Arguments: N, prompt, {@code aed.memoryMb}. Prints the
 * decision time, its violations and its objective beside greedy's and all-local's; a slot over the memory budget prints
 * the refusal. {@code java -Xmx1g -cp "policy/target/classes:policy/target/test-classes:app/target/lib/*"
 * org.lambo.aed.AedLargeSlotBenchmark 2000 min-latency 2048}
 */
public final class AedLargeSlotBenchmark {
    private AedLargeSlotBenchmark() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Prompt prompt = Prompt.parse(args.length > 1 ? args[1] : "min-latency");
        String budget = args.length > 2 ? args[2] : "2048";
        Instance inst = new World(ScenarioLoader.load("paper").withUes(n), 90001).next();
        try (AedPolicy aed = AedPolicy.fromSettings(new PolicySettings(1, Map.of("aed.memoryMb", budget)))) {
            long t0 = System.nanoTime();
            Decision d = aed.decide(inst, prompt);
            double s = (System.nanoTime() - t0) / 1e9;
            Decision g = Policies.create("greedy", PolicySettings.ofSeed(1)).decide(inst, prompt);
            System.out.printf(
                    Locale.ROOT,
                    "%s N = %d %s: decided in %.1f s, %d violations, objective %.6g (greedy %.6g, all-local %.6g)%n",
                    inst.id(),
                    n,
                    prompt.id(),
                    s,
                    DecisionValidator.violations(inst, d).size(),
                    CostModel.evaluate(inst, d).objective(prompt),
                    CostModel.evaluate(inst, g).objective(prompt),
                    CostModel.evaluate(inst, Decision.allLocal(n)).objective(prompt));
        } catch (RuntimeException e) {
            System.out.println("not decided: " + e.getMessage());
        }
    }
}
