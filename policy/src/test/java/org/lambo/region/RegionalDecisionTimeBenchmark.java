package org.lambo.region;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;

/**
 * Decision time of the default {@code aed} on {@code paper} slots of N UEs and M servers (the servers' CPUs in turn, as
 * {@code lambo bench-trial} makes them), undivided and in R regions: CPU time of the deciding thread (which the load
 * distorts less than the wall clock) and wall clock, medians over the slots after one warm-up decision per policy, the
 * variants interleaved slot by slot. A benchmark, not a test (docs/BENCHMARKS.md, "Regions"):
 *
 * <pre>
 * java -cp "policy/target/classes:policy/target/test-classes:app/target/lib/*" -Dai.djl.offline=true \
 *     org.lambo.region.RegionalDecisionTimeBenchmark 1000 20 10 1,2,5,10,auto
 * </pre>
 */
public final class RegionalDecisionTimeBenchmark {
    private RegionalDecisionTimeBenchmark() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int m = Integer.parseInt(args[1]);
        int slots = Integer.parseInt(args[2]);
        String[] variants = args[3].split(",");
        List<Instance> inst = RegionalPolicyTest.slots(n, m, 90001, slots + 1);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<OffloadingPolicy> ps = new ArrayList<>();
        for (String v : variants) ps.add(Policies.create("aed", new PolicySettings(1, Map.of("aed.regions", v))));
        double[][] cpu = new double[variants.length][slots];
        double[][] wall = new double[variants.length][slots];
        double[] objective = new double[variants.length];
        for (OffloadingPolicy p : ps) p.decide(inst.get(0), Prompt.MIN_LATENCY);
        for (int s = 0; s < slots; s++) {
            Instance slot = inst.get(s + 1);
            for (int k = 0; k < ps.size(); k++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                var d = ps.get(k).decide(slot, Prompt.MIN_LATENCY);
                wall[k][s] = (System.nanoTime() - w0) / 1e6;
                cpu[k][s] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
                objective[k] += CostModel.evaluate(slot, d).objective(Prompt.MIN_LATENCY) / slots;
            }
        }
        System.out.printf("N = %d, M = %d, %d slots, min-latency%n", n, m, slots);
        System.out.println("| aed.regions | R | CPU median (ms) | wall median (ms) | mean objective (s) |");
        for (int k = 0; k < ps.size(); k++) {
            int r = RegionCount.parse("aed.regions", variants[k]).regionsFor(n, m);
            System.out.printf(
                    "| %s | %d | %.0f | %.0f | %.1f |%n",
                    variants[k], r, median(cpu[k]), median(wall[k]), objective[k]);
        }
        ps.forEach(OffloadingPolicy::close);
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
