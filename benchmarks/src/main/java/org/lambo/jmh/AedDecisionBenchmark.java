package org.lambo.jmh;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.lambo.aed.AedPolicy;
import org.lambo.aed.infer.FastDecoder;
import org.lambo.aed.infer.Trajectory;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The default {@code aed}'s (shipped {@code lambo-m}) decision of one {@code paper} slot of N UEs (seed 90001,
 * min-latency), whole and by phase: the encoder's pass, the decoder's preparation and the greedy decoding. {@code java
 * -jar benchmarks/target/benchmarks.jar AedDecisionBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1 -p n=20,50,200}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AedDecisionBenchmark {
    @Param({"50"})
    public int n;

    private AedPolicy aed;
    private FastDecoder decoder;
    private Instance inst;
    private float[][] tokens;
    private FastDecoder.Encoded encoded;

    @Setup(Level.Trial)
    public void setUp() {
        aed = AedPolicy.fromSettings(new PolicySettings(1, Map.of()));
        decoder = aed.model().fastDecoder();
        inst = new World(ScenarioLoader.load("paper").withUes(n), 90001).next();
        tokens = encode();
        encoded = decoder.prepare(tokens);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        aed.close();
    }

    /** The whole decision: encoder, decoder, water-filling, validation. */
    @Benchmark
    public Decision decide() {
        return aed.decide(inst, Prompt.MIN_LATENCY);
    }

    /** The encoder's pass (features, PyTorch, copy out). */
    @Benchmark
    public float[][] encoder() {
        return encode();
    }

    /** The cross-attention keys and values of the N encoder tokens. */
    @Benchmark
    public FastDecoder.Encoded prepare() {
        return decoder.prepare(tokens);
    }

    /** The plain-Java greedy decoding, UE by UE. */
    @Benchmark
    public Trajectory greedyDecoding() {
        return decoder.decode(inst, Prompt.MIN_LATENCY, encoded, FastDecoder.Mode.GREEDY, null);
    }

    private float[][] encode() {
        return aed.model().encode(List.of(inst), List.of(Prompt.MIN_LATENCY))[0];
    }
}
