package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.TestModels;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.run.ProgressListener;

/**
 * The selection judges weights on validation slots it never trains on: a seeded share of the pool, labelled by the
 * expert, out of the queries. To see that a fine-tune which makes the validation gap worse is not kept, the expert here
 * labels the validation slots exactly ({@code exhaustive}) and every other slot with all-local decisions
 * ({@code local}): training on those labels makes the decoder worse, which the held-out gap shows when nothing is
 * selected.
 */
class AlefValidationShareTest {
    private static AedModel selected;
    private static AedModel unselected;
    private static AlefLoop.Result withSelection;
    private static AlefLoop.Result withoutSelection;

    /** exhaustive on the validation slots (by instance id), local on every other slot. */
    private record ExactOnlyOn(Set<String> ids, OffloadingPolicy exact, OffloadingPolicy bad)
            implements OffloadingPolicy {
        @Override
        public String name() {
            return "exact-on-validation-local-elsewhere";
        }

        @Override
        public Decision decide(Instance instance, Prompt prompt) {
            return (ids.contains(instance.id()) ? exact : bad).decide(instance, prompt);
        }
    }

    private static AlefOptions options(boolean select) {
        return TinyDrift.options()
                .expert("exact-on-validation-local-elsewhere")
                .reference("exhaustive")
                .select(select)
                .build();
    }

    @BeforeAll
    static void fineTuneOnLabelsThatTeachTheWrongThing() {
        TinyDrift.oneEngineThread();
        AlefOptions opts = options(true);
        List<Instance> pool = DriftedSlots.draw(TinyDrift.DRIFTING, opts).pool();
        Set<String> validationIds = Arrays.stream(
                        AlefLoop.validationIndices(pool.size(), opts.validationSlots(), opts.seed()))
                .mapToObj(k -> pool.get(k).id())
                .collect(Collectors.toSet());
        selected = AedModel.create(TestModels.tiny(), TinyDrift.MODEL_SEED);
        unselected = AedModel.create(TestModels.tiny(), TinyDrift.MODEL_SEED);
        try (OffloadingPolicy exhaustive = Policies.create("exhaustive", new PolicySettings(1, Map.of()));
                OffloadingPolicy local = Policies.create("local", new PolicySettings(1, Map.of()))) {
            OffloadingPolicy expert = new ExactOnlyOn(validationIds, exhaustive, local);
            withSelection = new AlefLoop(selected, TinyDrift.DRIFTING, opts)
                    .run(ProgressListener.NONE, null, expert, exhaustive);
            withoutSelection = new AlefLoop(unselected, TinyDrift.DRIFTING, options(false))
                    .run(ProgressListener.NONE, null, expert, exhaustive);
        }
    }

    @AfterAll
    static void close() {
        selected.close();
        unselected.close();
    }

    @Test
    void theValidationSlotsAreASeededShareOfThePoolThatIsNeverQueriedNorTrainedOn() {
        List<Instance> pool =
                DriftedSlots.draw(TinyDrift.DRIFTING, options(true)).pool();
        Set<String> validation = ids(withSelection.validation());
        Set<String> queried = ids(withSelection.queried());
        // a fifth of 40 labels under 2 prompts: 4 slots, the rest of the pool of 30 left to the queries
        assertThat(validation).hasSize(4);
        assertThat(queried).hasSize(26).doesNotContainAnyElementsOf(validation);
        Set<String> all = new HashSet<>(validation);
        all.addAll(queried);
        assertThat(all).isEqualTo(ids(pool));
        for (Demonstration d : withSelection.demonstrations())
            assertThat(validation).doesNotContain(d.instance().id());
        assertThat(withSelection.demonstrations()).isNotEmpty();
        // seeded: the same seed holds back the same slots, another seed others
        assertThat(AlefLoop.validationIndices(100, 20, 3)).containsExactly(AlefLoop.validationIndices(100, 20, 3));
        assertThat(AlefLoop.validationIndices(100, 20, 3)).isNotEqualTo(AlefLoop.validationIndices(100, 20, 4));
        int[] idx = AlefLoop.validationIndices(100, 20, 3);
        assertThat(Arrays.stream(idx).distinct().count()).isEqualTo(20);
        assertThat(idx).isSorted();
        assertThat(Arrays.stream(idx).allMatch(k -> k >= 0 && k < 100)).isTrue();
    }

    @Test
    void aFineTuneThatMakesTheValidationGapWorseIsNotKept() {
        // without the selection the labels do harm on the held-out slots
        double start = mean(withoutSelection.curve().first());
        assertThat(mean(withoutSelection.curve().last())).isGreaterThan(start);
        // with it every round keeps the weights it started from: the held-out gap never moves
        assertThat(withSelection.summary().keptRounds())
                .isEqualTo(withSelection.summary().rounds());
        for (AlefCurve.Row row : withSelection.curve().rows()) {
            assertThat(row.gap(Prompt.MIN_LATENCY))
                    .isEqualTo(withSelection.curve().first().gap(Prompt.MIN_LATENCY));
            assertThat(row.gap(Prompt.MIN_ENERGY))
                    .isEqualTo(withSelection.curve().first().gap(Prompt.MIN_ENERGY));
        }
        assertThat(mean(withSelection.curve().first())).isEqualTo(start);
        // alef.csv shows why: the kept weights' validation gap, and the gap on the labels trained on
        AlefCurve.Row last = withSelection.curve().last();
        assertThat(withSelection.curve().first().validationGap()[Prompt.MIN_ENERGY.ordinal()])
                .isNaN();
        assertThat(last.validationGap()[Prompt.MIN_ENERGY.ordinal()]).isFinite();
        assertThat(last.trainedGap()[Prompt.MIN_ENERGY.ordinal()]).isFinite();
    }

    private static double mean(AlefCurve.Row row) {
        return (row.gap(Prompt.MIN_LATENCY) + row.gap(Prompt.MIN_ENERGY)) / 2;
    }

    private static Set<String> ids(List<Instance> slots) {
        return slots.stream().map(Instance::id).collect(Collectors.toSet());
    }
}
