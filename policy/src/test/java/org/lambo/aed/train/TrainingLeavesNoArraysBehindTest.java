package org.lambo.aed.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.aed.AedModel;
import org.lambo.aed.TestModels;
import org.lambo.aed.alef.DecoderFineTuner;
import org.lambo.aed.alef.Demonstration;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.rng.Seeds;
import org.lambo.run.ProgressListener;
import org.lambo.scenario.FamilyLoader;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * Training's memory by counts: every array a step makes must be freed with the step, so the arrays the model's manager
 * holds (its parameters and the optimiser's moments) stay as many after any number of steps. Before the fix the
 * decoder's BOS token, a parameter, put every array built from it into the model's manager (ten per forward pass, each
 * [B, N+1, d]), and a long run's native memory grew until the kernel killed it (17 GB resident at -Xmx4g).
 */
class TrainingLeavesNoArraysBehindTest {
    @TempDir
    Path out;

    @Test
    void acrlStepsValidationAndCheckpointsLeaveTheModelsArraysAsMany() throws IOException {
        TrainOptions opts = TrainOptions.builder()
                .batch(6)
                .samples(2)
                .seed(3)
                .learningRate(1e-3)
                .validationSize(3)
                .layoutEvery(1)
                .steps(12)
                .evalEvery(4)
                .checkpointEvery(5)
                .build();
        try (AedModel model = AedModel.create(TestModels.tiny(), 9)) {
            // a family: slots of several sizes in one step, one forward and backward pass per size
            AcrlTrainer trainer = new AcrlTrainer(model, FamilyLoader.loadFamily("family-small"), opts);
            int before = model.manager().getManagedArrays().size();
            List<Integer> perStep = Collections.synchronizedList(new ArrayList<>());
            trainer.train(
                    out,
                    0,
                    ProgressListener.NONE,
                    row -> perStep.add(model.manager().getManagedArrays().size()));
            AcrlTrainer.Rollouts r = trainer.rollout(trainer.batch(12), Seeds.stream(3, "extra"));
            trainer.loss(r);
            perStep.add(model.manager().getManagedArrays().size());

            assertThat(trainer.skippedSteps()).isZero();
            assertThat(perStep).hasSize(1 + 12 + 1); // the starting weights' row, 12 steps, the loss
            assertThat(perStep)
                    .as("arrays in the model's manager after each step (%d before training)", before)
                    .containsOnly(before);
        }
    }

    @Test
    void fineTuningEpochsLeaveTheModelsArraysAsMany() {
        OffloadingPolicy exhaustive = Policies.create("exhaustive", PolicySettings.ofSeed(1));
        World world = new World(ScenarioLoader.load("tiny"), 5);
        List<Demonstration> demos = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            Instance inst = world.next();
            for (Prompt p : Prompt.values())
                demos.add(Demonstration.replay(inst, p, exhaustive.decide(inst, p), Demonstration.Reservation.MINIMUM));
        }
        // the whole network (the imitation warm start) and the decoder alone (ALEF)
        for (DecoderFineTuner.Scope scope : DecoderFineTuner.Scope.values()) {
            try (AedModel model = AedModel.create(TestModels.tiny(), 9)) {
                DecoderFineTuner tuner = new DecoderFineTuner(model, scope, 1e-3, 1, 0.1);
                int before = model.manager().getManagedArrays().size();
                List<Integer> perEpoch = new ArrayList<>();
                for (int e = 0; e < 4; e++) {
                    tuner.epoch(demos, 4, Seeds.stream(1, "shuffle", e));
                    tuner.loss(demos.subList(0, 4));
                    perEpoch.add(model.manager().getManagedArrays().size());
                }
                assertThat(tuner.steps()).isEqualTo(16);
                assertThat(perEpoch)
                        .as("%s: arrays in the model's manager after each epoch (%d before)", scope, before)
                        .containsOnly(before);
            }
        }
    }
}
