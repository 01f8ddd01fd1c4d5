package org.lambo.aed.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.model.AedConfig;
import org.lambo.mec.CostModel;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.EdgeServer;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;
import org.lambo.rng.Seeds;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * Property: whatever the weights, sampled decoding never chooses an infeasible option, every share lies in [the UE's
 * minimum, what was left], and every decision passes the validator; over many random instances of several sizes with
 * random servers down.
 */
class MaskPropertyTest {
    @Test
    void sampledDecodingNeverTakesAnInfeasibleOption() {
        RandomGenerator rng = Seeds.stream(17, "mask-property");
        int checkedSteps = 0;
        int maskedSeen = 0;
        for (int modelSeed = 0; modelSeed < 3; modelSeed++) {
            // a large share noise explores shares near both ends of their interval
            AedConfig cfg = new AedConfig("noisy", 16, 2, 1, 16, 10.0, 3.0);
            try (AedModel model = AedModel.create(cfg, modelSeed)) {
                FastDecoder dec = model.fastDecoder();
                for (String scenario : List.of("tiny", "small", "paper", "are")) {
                    World world = new World(ScenarioLoader.load(scenario), 1000 + modelSeed);
                    for (int k = 0; k < 12; k++) {
                        Instance inst = withRandomServersDown(world.next(), rng);
                        Prompt prompt = Prompt.values()[k % 2];
                        float[][] h = model.encode(List.of(inst), List.of(prompt))[0];
                        Trajectory tr = dec.decode(inst, prompt, dec.prepare(h), FastDecoder.Mode.SAMPLE, rng);
                        SequentialState replay = new SequentialState(inst);
                        for (int i = 0; i < inst.n(); i++) {
                            int o = tr.options()[i];
                            boolean[] mask = replay.mask(i);
                            assertThat(tr.masks()[i]).containsExactly(mask);
                            assertThat(mask[o])
                                    .as("UE %d option %d on %s", i, o, inst.id())
                                    .isTrue();
                            if (o > 0) {
                                assertThat(inst.server(o).up()).isTrue();
                                double s = tr.decision().share(i);
                                assertThat(s)
                                        .isGreaterThanOrEqualTo(replay.minShare(i, o))
                                        .isLessThanOrEqualTo(replay.remaining(o));
                            }
                            for (boolean b : mask) if (!b) maskedSeen++;
                            replay.assign(i, o, tr.decision().share(i));
                            checkedSteps++;
                        }
                        assertThat(DecisionValidator.violations(inst, tr.decision()))
                                .isEmpty();
                        assertThat(CostModel.evaluate(inst, tr.decision()).totalLatency())
                                .isFinite();
                    }
                }
            }
        }
        assertThat(checkedSteps).isGreaterThan(3000);
        assertThat(maskedSeen).as("the instances exercise the mask").isGreaterThan(500);
    }

    private static Instance withRandomServersDown(Instance inst, RandomGenerator rng) {
        List<EdgeServer> servers = new ArrayList<>(inst.servers());
        for (int j = 0; j < servers.size(); j++) {
            if (rng.nextDouble() < 0.3) servers.set(j, servers.get(j).withUp(false));
        }
        return inst.withServers(servers).withId(inst.id() + "-cut");
    }
}
