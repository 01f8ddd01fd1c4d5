package org.lambo.aed;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lambo.aed.infer.FastDecoder;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * How the built-in {@code aed} (the shipped {@code lambo-m}) scales with N (not a test: time is measured, not
 * asserted). For each N in the arguments, one {@code paper} slot of N UEs (seed 90001): the median over a few repeats
 * of the plain-Java greedy decoding alone (wall clock, and the CPU time of the deciding thread, which a loaded machine
 * distorts less) and of the whole decision ({@code decide}: encoder, decoder, water-filling, validation), after one
 * warm-up. {@code java -cp "policy/target/classes:policy/target/test-classes:app/target/lib/*"
 * org.lambo.aed.AedDecodeScalingBenchmark 50 300 1000}
 */
public final class AedDecodeScalingBenchmark {
    private AedDecodeScalingBenchmark() {}

    public static void main(String[] args) {
        try (AedPolicy aed = AedPolicy.fromSettings(new PolicySettings(1, Map.of("aed.memoryMb", "4096")))) {
            FastDecoder dec = aed.model().fastDecoder();
            for (String a : args) {
                int n = Integer.parseInt(a);
                Instance inst = new World(ScenarioLoader.load("paper").withUes(n), 90001).next();
                Prompt p = Prompt.MIN_LATENCY;
                int reps = n <= 50 ? 41 : n <= 300 ? 11 : n <= 1000 ? 3 : 1;
                float[][] h = aed.model().encode(List.of(inst), List.of(p))[0];
                FastDecoder.Encoded enc = dec.prepare(h);
                dec.decode(inst, p, enc, FastDecoder.Mode.GREEDY, null);
                aed.decide(inst, p);
                double[] decode = new double[reps];
                double[] decide = new double[reps];
                double[] cpu = new double[reps];
                java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
                for (int r = 0; r < reps; r++) {
                    long c0 = mx.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    dec.decode(inst, p, enc, FastDecoder.Mode.GREEDY, null);
                    long t1 = System.nanoTime();
                    cpu[r] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
                    aed.decide(inst, p);
                    long t2 = System.nanoTime();
                    decode[r] = (t1 - t0) / 1e6;
                    decide[r] = (t2 - t1) / 1e6;
                }
                Arrays.sort(decode);
                Arrays.sort(decide);
                Arrays.sort(cpu);
                System.out.printf(
                        Locale.ROOT,
                        "N = %d (%d repeats): greedy decoding %.1f ms (%.1f ms CPU time), whole decision %.1f ms (medians)%n",
                        n,
                        reps,
                        decode[reps / 2],
                        cpu[reps / 2],
                        decide[reps / 2]);
            }
        }
    }
}
