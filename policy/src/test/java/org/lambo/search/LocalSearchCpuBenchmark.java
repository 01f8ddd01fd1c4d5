package org.lambo.search;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.PaperSlots;

/**
 * What {@link OneMoveSearch#improve} costs (not a test: time is measured, not asserted): {@code K} slots of
 * {@code paper} with N UEs and M servers (seed 777), each prompt (min-latency, min-energy, weighted:0.3), 3 passes from
 * {@code greedy}'s decisions; CPU time of the calling thread per slot over R repeats after R / 2 warm-up repeats,
 * median, min and p90; and a fingerprint of the decisions found (every option and the bits of every share) with their
 * summed objective, so that two builds can be shown to search alike. {@code java -cp
 * "policy/target/classes:policy/target/test-classes:app/target/lib/*" org.lambo.search.LocalSearchCpuBenchmark 50 4 40
 * 120}
 */
public final class LocalSearchCpuBenchmark {
    private LocalSearchCpuBenchmark() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int m = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        int repeats = Integer.parseInt(args[3]);
        List<Instance> slots = PaperSlots.of(n, m, 777, count);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (OffloadingPolicy greedy = Policies.create("greedy", PolicySettings.ofSeed(1))) {
            for (Prompt p : List.of(Prompt.MIN_LATENCY, Prompt.MIN_ENERGY, Prompt.weighted(0.3))) {
                List<Decision> starts = new ArrayList<>();
                for (Instance inst : slots) starts.add(greedy.decide(inst, p));
                long fingerprint = 17;
                double objective = 0;
                for (int k = 0; k < count; k++) {
                    Decision d = OneMoveSearch.improve(slots.get(k), p, starts.get(k), 3);
                    for (int i = 0; i < d.size(); i++)
                        fingerprint = fingerprint * 31 + d.option(i) * 1_000_003L + Double.doubleToLongBits(d.share(i));
                    objective += CostModel.evaluate(slots.get(k), d).objective(p);
                }
                for (int r = 0; r < Math.max(3, repeats / 2); r++)
                    for (int k = 0; k < count; k++) OneMoveSearch.improve(slots.get(k), p, starts.get(k), 3);
                double[] perSlot = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (int k = 0; k < count; k++) OneMoveSearch.improve(slots.get(k), p, starts.get(k), 3);
                    perSlot[r] = (mx.getCurrentThreadCpuTime() - t0) / 1e6 / count;
                }
                Arrays.sort(perSlot);
                System.out.printf(
                        Locale.ROOT,
                        "%dx%d %-12s CPU ms a slot: median %.3f min %.3f p90 %.3f; objective sum %.12g,"
                                + " fingerprint %016x%n",
                        n,
                        m,
                        p.id(),
                        perSlot[repeats / 2],
                        perSlot[0],
                        perSlot[(int) (repeats * 0.9)],
                        objective,
                        fingerprint);
            }
        }
    }
}
