package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.aed.AedModel;
import org.lambo.aed.model.AedConfig;
import org.lambo.io.InputException;
import org.lambo.mec.Prompt;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

/** A warm start stopped while labelling and after an epoch continues to the run it would have been. */
class ImitationResumeTest {
    static {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null)
            System.setProperty("ai.djl.pytorch.num_threads", "1");
    }

    private static final Scenario TINY = ScenarioLoader.load("tiny");
    private static final Map<Prompt, String> EXPERTS =
            Map.of(Prompt.MIN_LATENCY, "exhaustive", Prompt.MIN_ENERGY, "greedy");
    private static final int SLOTS = 6;
    private static final int EPOCHS = 3;

    /** Thrown by a hook: the process "dies" at that point, after what it already wrote. */
    private static final class Stop extends RuntimeException {
        Stop(String where) {
            super("stopped " + where);
        }
    }

    private static ImitationWarmStart warmStart() {
        return new ImitationWarmStart(
                TINY,
                new ImitationWarmStart.Options(EXPERTS, PolicySettings.ofSeed(1), SLOTS, EPOCHS, 4, 3e-3, 1, 1, 11));
    }

    private static AedModel fresh() {
        return AedModel.create(AedConfig.load("lambo-s"), 3);
    }

    private static Map<String, float[]> weights(AedModel m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : m.network().getParameters())
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        return out;
    }

    /** The uninterrupted run's labels file and final weights. */
    private static Map<String, float[]> uninterrupted(Path state) {
        try (AedModel m = fresh()) {
            ImitationWarmStart.Result r = warmStart().run(m, null, null, state, null);
            assertThat(r.epochs()).hasSize(EPOCHS);
            return weights(m);
        }
    }

    @Test
    void aRunStoppedWhileLabellingAndAfterAnEpochResumesToTheSameLabelsAndWeights(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        Map<String, float[]> expected = uninterrupted(whole);
        assertThat(ImitationWarmStart.latestEpoch(whole)).isEqualTo(EPOCHS);
        assertThat(ImitationWarmStart.snapshot(whole, EPOCHS).resolve(ImitationWarmStart.OPTIMIZER))
                .isNotEmptyFile();
        assertThat(ImitationWarmStart.snapshot(whole, 1).resolve(AedModel.PARAMS))
                .as("every epoch keeps its weights")
                .isNotEmptyFile();
        assertThat(AedModel.readMeta(ImitationWarmStart.snapshot(whole, 2))
                        .path("imitation")
                        .path("epoch")
                        .asInt())
                .isEqualTo(2);

        Path state = dir.resolve("stopped");
        Path labels = state.resolve(ImitationWarmStart.LABELS);
        // 1. stopped after 5 of the 12 labels
        AtomicInteger seen = new AtomicInteger();
        try (AedModel m = fresh()) {
            assertThatThrownBy(() -> warmStart()
                            .run(
                                    m,
                                    () -> {
                                        if (seen.incrementAndGet() == 5) throw new Stop("after 5 labels");
                                    },
                                    null,
                                    state,
                                    null))
                    .isInstanceOf(Stop.class);
        }
        assertThat(Files.readAllLines(labels)).hasSize(5);
        assertThat(ImitationWarmStart.latestEpoch(state)).isZero();

        // 2. resumed: labels only the missing 7, then stopped right after epoch 1
        AtomicInteger labelled = new AtomicInteger();
        List<String> notices = new ArrayList<>();
        try (AedModel m = fresh()) {
            assertThatThrownBy(() -> warmStart()
                            .run(
                                    m,
                                    labelled::incrementAndGet,
                                    e -> {
                                        throw new Stop("after epoch " + e.epoch());
                                    },
                                    state,
                                    notices::add))
                    .isInstanceOf(Stop.class);
        }
        assertThat(notices).isEmpty();
        assertThat(Files.readString(labels)).isEqualTo(Files.readString(whole.resolve(ImitationWarmStart.LABELS)));
        assertThat(ImitationWarmStart.latestEpoch(state)).isEqualTo(1);

        // 3. resumed from epoch 1's snapshot: epochs 2 and 3 only
        int done = ImitationWarmStart.latestEpoch(state);
        try (AedModel m = AedModel.load(ImitationWarmStart.snapshot(state, done))) {
            ImitationWarmStart.Result r = warmStart().run(m, null, null, state, null);
            assertThat(r.epochs()).extracting(ImitationWarmStart.Epoch::epoch).containsExactly(2, 3);
            Map<String, float[]> got = weights(m);
            assertThat(got.keySet()).isEqualTo(expected.keySet());
            // the CPU engine on one thread is bit-reproducible here: the same weights, not merely close ones
            for (String k : expected.keySet())
                assertThat(got.get(k)).as("parameter %s", k).containsExactly(expected.get(k));
        }
        assertThat(Files.readString(labels)).isEqualTo(Files.readString(whole.resolve(ImitationWarmStart.LABELS)));

        // 4. a run that is complete trains nothing more
        try (AedModel m = AedModel.load(ImitationWarmStart.snapshot(state, EPOCHS))) {
            assertThat(warmStart().run(m, null, null, state, null).epochs()).isEmpty();
        }
    }

    @Test
    void aTruncatedLastLabelIsCutOffNamingFileAndLineAndLabelledAgain(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        ImitationWarmStart ws = warmStart();
        ws.label(ws.slots(), null, new LabelsFile(whole.resolve(ImitationWarmStart.LABELS)), null);
        List<String> all = Files.readAllLines(whole.resolve(ImitationWarmStart.LABELS));
        assertThat(all).hasSize(2 * SLOTS);

        Path file = dir.resolve("cut").resolve(ImitationWarmStart.LABELS);
        Files.createDirectories(file.getParent());
        String half = all.get(3).substring(0, all.get(3).length() / 2);
        Files.writeString(file, String.join("\n", all.subList(0, 3)) + "\n" + half, StandardCharsets.UTF_8);
        List<String> notices = new ArrayList<>();
        ws.label(ws.slots(), null, new LabelsFile(file), notices::add);
        assertThat(notices).singleElement().asString().contains(file + ":4").contains("truncated");
        assertThat(Files.readAllLines(file)).isEqualTo(all);

        // a whole last line that only lost its newline is kept
        Path noNewline = dir.resolve("nl").resolve(ImitationWarmStart.LABELS);
        Files.createDirectories(noNewline.getParent());
        Files.writeString(noNewline, String.join("\n", all.subList(0, 4)), StandardCharsets.UTF_8);
        notices.clear();
        ws.label(ws.slots(), null, new LabelsFile(noNewline), notices::add);
        assertThat(notices).isEmpty();
        assertThat(Files.readAllLines(noNewline)).isEqualTo(all);
    }

    @Test
    void aCorruptOrForeignLabelIsRefusedNamingFileAndLine(@TempDir Path dir) throws Exception {
        ImitationWarmStart ws = warmStart();
        Path good = dir.resolve("good.jsonl");
        ws.label(ws.slots(), null, new LabelsFile(good), null);
        List<String> all = Files.readAllLines(good);

        Path garbage = dir.resolve("garbage.jsonl");
        Files.write(garbage, List.of(all.get(0), "{\"slot\": 1, oops", all.get(2)));
        assertThatThrownBy(() -> ws.label(ws.slots(), null, new LabelsFile(garbage), null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(garbage + ":2")
                .hasMessageContaining("not a label line");

        Path foreign = dir.resolve("foreign.jsonl");
        Files.write(foreign, List.of(all.get(0), all.get(1).replace("\"expert\":\"greedy\"", "\"expert\":\"mip\"")));
        assertThat(Files.readAllLines(foreign).get(1)).contains("\"mip\"");
        assertThatThrownBy(() -> ws.label(ws.slots(), null, new LabelsFile(foreign), null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(foreign + ":2")
                .hasMessageContaining("greedy");

        Path otherSeed = dir.resolve("other-seed.jsonl");
        ImitationWarmStart other = new ImitationWarmStart(
                TINY,
                new ImitationWarmStart.Options(EXPERTS, PolicySettings.ofSeed(1), SLOTS, EPOCHS, 4, 3e-3, 1, 1, 12));
        other.label(other.slots(), null, new LabelsFile(otherSeed), null);
        assertThatThrownBy(() -> ws.label(ws.slots(), null, new LabelsFile(otherSeed), null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(otherSeed + ":1")
                .hasMessageContaining("another run");

        Path twice = dir.resolve("twice.jsonl");
        Files.write(twice, List.of(all.get(0), all.get(0)));
        assertThatThrownBy(() -> ws.label(ws.slots(), null, new LabelsFile(twice), null))
                .hasMessageContaining(twice + ":2")
                .hasMessageContaining("second time");

        Path infeasible = dir.resolve("infeasible.jsonl");
        Files.writeString(
                infeasible,
                all.get(0).replaceFirst("\"options\":\\[[^\\]]*\\]", "\"options\":[9,9,9,9,9,9]") + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE);
        assertThatThrownBy(() -> ws.label(ws.slots(), null, new LabelsFile(infeasible), null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(infeasible + ":1");
    }

    @Test
    void aLatestEpochFileThatNamesNoSnapshotIsRefusedNamingIt(@TempDir Path state) throws Exception {
        assertThat(ImitationWarmStart.latestEpoch(state)).isZero();
        Files.writeString(state.resolve(ImitationWarmStart.LATEST), "7\n");
        assertThatThrownBy(() -> ImitationWarmStart.latestEpoch(state))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(state.resolve(ImitationWarmStart.LATEST) + ":1")
                .hasMessageContaining("epoch 7");
        Files.writeString(state.resolve(ImitationWarmStart.LATEST), "seven\n");
        assertThatThrownBy(() -> ImitationWarmStart.latestEpoch(state))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("'seven'");
    }
}
