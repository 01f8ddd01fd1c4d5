package org.lambo.expert.mip;

import java.util.Locale;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.Solution;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * Times the MIP expert on a scenario's first slots, one line per instance and prompt: objective, proven bound and gap,
 * status and wall time. Not a test (speed is measured here, never asserted).
 *
 * <pre>
 * java -cp ... org.lambo.expert.mip.MipBenchmark [scenario=paper] [instances=5] [seed=1] [gap=1e-4]
 *     [timeLimitS=60] [threads=1]
 * </pre>
 */
public final class MipBenchmark {
    private MipBenchmark() {}

    public static void main(String[] args) {
        String scenario = args.length > 0 ? args[0] : "paper";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        MipOptions options = new MipOptions(
                args.length > 3 ? Double.parseDouble(args[3]) : MipOptions.DEFAULT_GAP,
                args.length > 4 ? Double.parseDouble(args[4]) : MipOptions.DEFAULT_TIME_LIMIT_S,
                args.length > 5 ? Integer.parseInt(args[5]) : MipOptions.DEFAULT_THREADS);
        MipExpert mip = new MipExpert(options);
        OrTools.load();
        World world = new World(ScenarioLoader.load(scenario), seed);
        System.out.println("instance,prompt,objective,bound,gap,status,seconds,offloaded");
        for (int q = 0; q < count; q++) {
            Instance inst = world.next();
            for (Prompt prompt : Prompt.values()) {
                long t0 = System.nanoTime();
                Solution sol = mip.solve(inst, prompt);
                double seconds = (System.nanoTime() - t0) / 1e9;
                DecisionValidator.requireValid(inst, sol.decision(), "mip");
                int offloaded = 0;
                for (int i = 0; i < inst.n(); i++) if (!sol.decision().isLocal(i)) offloaded++;
                System.out.printf(
                        Locale.ROOT,
                        "%s,%s,%.6f,%.6f,%.2e,%s,%.2f,%d%n",
                        inst.id(),
                        prompt.id(),
                        sol.objective(),
                        sol.bound(),
                        sol.provenGap(),
                        sol.statusText(),
                        seconds,
                        offloaded);
            }
        }
    }
}
