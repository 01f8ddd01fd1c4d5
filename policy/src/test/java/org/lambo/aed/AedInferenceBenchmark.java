package org.lambo.aed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lambo.aed.infer.FastDecoder;
import org.lambo.aed.model.AedConfig;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * Inference speed of the AED per instance (not a test: speed is measured, not asserted). Run with the test class path,
 * e.g. {@code java -cp policy/target/classes:policy/target/test-classes:app/target/lib/* -Dai.djl.offline=true
 * org.lambo.aed.AedInferenceBenchmark paper lambo-s lambo-m}. Prints, per model size (wall clock, and the CPU time of
 * the deciding thread, which a loaded machine distorts less): the engine's encoder pass, the plain-Java greedy
 * decoding, and the whole {@code aed} decision (encoder, decoder, water-filling shares, validation), as mean ms per
 * instance.
 */
public final class AedInferenceBenchmark {
    private AedInferenceBenchmark() {}

    public static void main(String[] args) {
        String scenario = args.length > 0 ? args[0] : "paper";
        List<String> sizes = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("lambo-s", "lambo-m");
        World world = new World(ScenarioLoader.load(scenario), 12345);
        List<Instance> insts = new ArrayList<>();
        for (int k = 0; k < 50; k++) insts.add(world.next());
        int warm = 30;
        int reps = 200;
        for (String size : sizes) {
            try (AedModel model = AedModel.create(AedConfig.load(size), 1);
                    AedPolicy policy = new AedPolicy(model, 1, true, 1)) {
                FastDecoder dec = model.fastDecoder();
                for (int r = 0; r < warm; r++) policy.decide(insts.get(r % insts.size()), Prompt.values()[r % 2]);
                java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
                long cpu = 0;
                long enc = 0;
                long de = 0;
                long all = 0;
                for (int r = 0; r < reps; r++) {
                    Instance inst = insts.get(r % insts.size());
                    Prompt p = Prompt.values()[r % 2];
                    long t0 = System.nanoTime();
                    float[][] h = model.encode(List.of(inst), List.of(p))[0];
                    long t1 = System.nanoTime();
                    dec.decode(inst, p, dec.prepare(h), FastDecoder.Mode.GREEDY, null);
                    long t2 = System.nanoTime();
                    long c2 = mx.getCurrentThreadCpuTime();
                    policy.decide(inst, p);
                    long t3 = System.nanoTime();
                    cpu += mx.getCurrentThreadCpuTime() - c2;
                    enc += t1 - t0;
                    de += t2 - t1;
                    all += t3 - t2;
                }
                System.out.printf(
                        Locale.ROOT,
                        "%s (%,d parameters), %s N=%d M=%d: encoder %.2f ms, decoder %.2f ms, aed decision %.2f ms per instance (%.2f ms CPU time of the calling thread)%n",
                        size,
                        model.parameterCount(),
                        scenario,
                        insts.get(0).n(),
                        insts.get(0).m(),
                        enc / 1e6 / reps,
                        de / 1e6 / reps,
                        all / 1e6 / reps,
                        cpu / 1e6 / reps);
            }
        }
    }
}
