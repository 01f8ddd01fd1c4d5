package org.lambo.aed;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lambo.aed.infer.FastDecoder;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * Where one decision of the built-in {@code aed} (the shipped {@code lambo-m}) spends its time (not a test: time is
 * measured, not asserted). For each N in the arguments, slots of a {@code paper} world of N UEs (seed 90001, a new slot
 * every repeat, as a trial sees them), for about {@code -Dseconds=S} seconds each (default 5; {@code -DnewThread=true}
 * decides on a thread of its own, as an agent does) after one warm-up second: the CPU time of the deciding thread (a
 * loaded machine distorts it less than the wall clock) of the encoder (features, the engine's pass and the copy out),
 * the decoder's preparation (cross-attention keys and values), the greedy decoding, and the whole {@code decide}
 * (those, water-filling and validation), medians and p95. {@code java -cp
 * "policy/target/classes:policy/target/test-classes:app/target/lib/*" org.lambo.aed.AedDecisionPhasesBenchmark 20 50
 * 200}
 */
public final class AedDecisionPhasesBenchmark {
    private AedDecisionPhasesBenchmark() {}

    public static void main(String[] args) throws InterruptedException {
        // a trial decides on an agent's thread, not the one that loaded the engine: -DnewThread=true does the same
        if (Boolean.getBoolean("newThread")) {
            Thread t = new Thread(() -> run(args), "decider");
            t.start();
            t.join();
        } else {
            run(args);
        }
    }

    private static void run(String[] args) {
        double seconds = Double.parseDouble(System.getProperty("seconds", "5"));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long built = System.nanoTime();
        try (AedPolicy aed = AedPolicy.fromSettings(new PolicySettings(1, Map.of()))) {
            Instance first = new World(ScenarioLoader.load("paper"), 90001).next();
            long t0 = System.nanoTime();
            aed.decide(first, Prompt.MIN_LATENCY);
            System.out.printf(
                    Locale.ROOT,
                    "policy built in %.0f ms, first decision (N = 50) %.1f ms%n",
                    (t0 - built) / 1e6,
                    (System.nanoTime() - t0) / 1e6);
            FastDecoder dec = aed.model().fastDecoder();
            for (String a : args) {
                int n = Integer.parseInt(a);
                World world = new World(ScenarioLoader.load("paper").withUes(n), 90001);
                Prompt p = Prompt.MIN_LATENCY;
                double[][] ms = new double[5][100_000];
                int reps = 0;
                long warmEnd = System.nanoTime() + 1_000_000_000L;
                long end = warmEnd + (long) (seconds * 1e9);
                long checksum = 0;
                while (System.nanoTime() < end && reps < ms[0].length) {
                    Instance inst = world.next();
                    long c0 = mx.getCurrentThreadCpuTime();
                    float[][] h = aed.model().encode(List.of(inst), List.of(p))[0];
                    long c1 = mx.getCurrentThreadCpuTime();
                    FastDecoder.Encoded enc = dec.prepare(h);
                    long c2 = mx.getCurrentThreadCpuTime();
                    checksum += dec.decode(inst, p, enc, FastDecoder.Mode.GREEDY, null)
                            .options()[0];
                    long c3 = mx.getCurrentThreadCpuTime();
                    long w3 = System.nanoTime();
                    Decision d = aed.decide(inst, p);
                    long c4 = mx.getCurrentThreadCpuTime();
                    long w4 = System.nanoTime();
                    checksum += d.options()[0];
                    if (w3 < warmEnd) continue;
                    ms[0][reps] = (c1 - c0) / 1e6;
                    ms[1][reps] = (c2 - c1) / 1e6;
                    ms[2][reps] = (c3 - c2) / 1e6;
                    ms[3][reps] = (c4 - c3) / 1e6;
                    ms[4][reps] = (w4 - w3) / 1e6;
                    reps++;
                }
                String[] names = {"encode", "prepare", "decode", "decide", "decide wall"};
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "N = %d, %d slots:", n, reps));
                for (int k = 0; k < names.length; k++) {
                    double[] x = Arrays.copyOf(ms[k], reps);
                    Arrays.sort(x);
                    line.append(String.format(
                            Locale.ROOT, "  %s %.2f / %.2f", names[k], x[reps / 2], x[(int) (0.95 * (reps - 1))]));
                }
                System.out.println(line + "  (ms CPU, median / p95; checksum " + checksum + ")");
            }
        }
    }
}
