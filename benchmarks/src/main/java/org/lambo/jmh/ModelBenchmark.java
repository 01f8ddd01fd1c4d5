package org.lambo.jmh;

import java.util.concurrent.TimeUnit;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;
import org.lambo.mec.ShareAllocation;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The system model's hot paths on one {@code paper} slot (N = 50, M = 4): every policy and the bench call these once or
 * many times per decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ModelBenchmark {
    private World world;
    private Instance inst;
    private int[] assignment;
    private Decision decision;

    @Setup
    public void setUp() {
        world = new World(ScenarioLoader.load("paper"), 1);
        inst = world.next();
        // a realistic, feasible assignment: greedy's (about half the UEs offloaded)
        try (OffloadingPolicy greedy = Policies.create("greedy", PolicySettings.ofSeed(1))) {
            assignment = greedy.decide(inst, Prompt.MIN_LATENCY).options();
        }
        decision = ShareAllocation.require(inst, assignment);
    }

    /** Water-filled shares for a fixed assignment (a DE fitness evaluation is mostly this). */
    @Benchmark
    public Decision bestShares() {
        return ShareAllocation.require(inst, assignment);
    }

    @Benchmark
    public double evaluate() {
        return CostModel.evaluate(inst, decision).totalLatency();
    }

    @Benchmark
    public boolean validate() {
        return DecisionValidator.isValid(inst, decision);
    }

    /** Building the UE-by-UE state: N x M minimum shares. */
    @Benchmark
    public SequentialState sequentialState() {
        return new SequentialState(inst);
    }

    /** One slot of the world: mobility, tasks and rates for 50 UEs. */
    @Benchmark
    public Instance nextSlot() {
        return world.next();
    }
}
