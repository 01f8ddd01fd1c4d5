package org.lambo.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lambo.io.InputException;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.ShareAllocation;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.policy.Stateless;
import org.lambo.scenario.PaperSlots;

class LocalSearchPolicyTest {
    private static final List<Prompt> PROMPTS = List.of(Prompt.MIN_LATENCY, Prompt.MIN_ENERGY, Prompt.weighted(0.3));

    private static List<Instance> slots(int n, int m, long seed, int count) {
        return PaperSlots.of(n, m, seed, count);
    }

    private static double objective(Instance inst, Prompt prompt, Decision d) {
        return CostModel.evaluate(inst, d).objective(prompt);
    }

    @Test
    void neverWorseThanTheInnerPolicyAndAlwaysValid() {
        for (String inner : List.of("greedy", "random", "nearest", "local")) {
            try (OffloadingPolicy plain = Policies.create(inner, PolicySettings.ofSeed(4));
                    OffloadingPolicy searched =
                            Policies.create(inner, new PolicySettings(4, Map.of(inner + ".localSearch", "3")))) {
                assertThat(searched).isInstanceOf(LocalSearchPolicy.class);
                assertThat(searched.name()).isEqualTo(inner);
                for (Instance inst : slots(40, 3, 11, 4)) {
                    for (Prompt prompt : PROMPTS) {
                        Decision before = plain.decide(inst, prompt);
                        Decision after = searched.decide(inst, prompt);
                        DecisionValidator.requireValid(inst, after, inner + "+localSearch");
                        assertThat(objective(inst, prompt, after))
                                .as("%s on %s under %s", inner, inst.id(), prompt)
                                .isLessThanOrEqualTo(objective(inst, prompt, before));
                    }
                }
            }
        }
    }

    @Test
    void convergedSearchLeavesNoSingleMoveOrExchangeThatImproves() {
        // every one-UE move priced by a full evaluation (the cost model as judge), not by the search's own deltas
        for (Instance inst : slots(30, 4, 23, 3)) {
            for (Prompt prompt : PROMPTS) {
                Decision found = OneMoveSearch.improve(inst, prompt, Decision.allLocal(inst.n()), 100);
                double best = objective(inst, prompt, found);
                assertThat(best).isLessThan(objective(inst, prompt, Decision.allLocal(inst.n())));
                for (int i = 0; i < inst.n(); i++) {
                    for (int b = 0; b <= inst.m(); b++) {
                        int[] options = found.options().clone();
                        if (options[i] == b) continue;
                        options[i] = b;
                        Optional<Decision> moved = ShareAllocation.best(inst, options);
                        if (moved.isEmpty()) continue;
                        assertThat(objective(inst, prompt, moved.get()))
                                .as("UE %d to option %d on %s under %s", i, b, inst.id(), prompt)
                                .isGreaterThanOrEqualTo(best * (1 - 1e-9));
                    }
                    for (int k = i + 1; k < inst.n(); k++) {
                        int[] options = found.options().clone();
                        if (options[i] == options[k]) continue;
                        options[i] = found.option(k);
                        options[k] = found.option(i);
                        Optional<Decision> swapped = ShareAllocation.best(inst, options);
                        if (swapped.isEmpty()) continue;
                        assertThat(objective(inst, prompt, swapped.get()))
                                .as("UEs %d and %d exchanged on %s under %s", i, k, inst.id(), prompt)
                                .isGreaterThanOrEqualTo(best * (1 - 1e-9));
                    }
                }
            }
        }
    }

    @Test
    void theSameStartGivesTheSameDecision() {
        Instance inst = slots(60, 4, 5, 1).get(0);
        Decision start = Decision.allLocal(inst.n());
        Decision a = OneMoveSearch.improve(inst, Prompt.MIN_LATENCY, start, 5);
        Decision b = OneMoveSearch.improve(inst, Prompt.MIN_LATENCY, start, 5);
        assertThat(a.options()).isEqualTo(b.options());
        assertThat(a.shares()).isEqualTo(b.shares());
    }

    @Test
    void withoutTheOptionThePolicyIsExactlyItsProvidersAndCapabilitiesPassThrough() {
        try (OffloadingPolicy plain = Policies.create("greedy", PolicySettings.ofSeed(1));
                OffloadingPolicy zero =
                        Policies.create("greedy", new PolicySettings(1, Map.of("greedy.localSearch", "0")));
                OffloadingPolicy searched =
                        Policies.create("greedy", new PolicySettings(1, Map.of("greedy.localSearch", "2")))) {
            assertThat(plain).isNotInstanceOf(LocalSearchPolicy.class);
            assertThat(zero).isNotInstanceOf(LocalSearchPolicy.class);
            assertThat(searched.capability(Stateless.class))
                    .isEqualTo(
                            plain.capability(Stateless.class).isPresent()
                                    ? searched.capability(Stateless.class)
                                    : Optional.empty());
            assertThat(searched.capability(Stateless.class).isPresent())
                    .isEqualTo(plain.capability(Stateless.class).isPresent());
        }
    }

    @Test
    void aBadPassCountIsRefusedNamingTheOptionAndTheValue() {
        assertThatThrownBy(() -> Policies.create("greedy", new PolicySettings(1, Map.of("greedy.localSearch", "-1"))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("greedy.localSearch")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> Policies.create("greedy", new PolicySettings(1, Map.of("greedy.localSearch", "many"))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("greedy.localSearch")
                .hasMessageContaining("many");
        assertThatThrownBy(() -> Policies.create("greedy", new PolicySettings(1, Map.of("greedy.localSearch", "101"))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("auto")
                .hasMessageContaining("101");
        assertThatThrownBy(() -> Policies.create("greedy", new PolicySettings(1, Map.of("greedy.localSearch", "2.5"))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("2.5");
    }

    @Test
    void autoSearchesSlotsOfTheTrainingFamilySizeAndLeavesLargerOnesAsDecided() {
        try (OffloadingPolicy plain = Policies.create("greedy", PolicySettings.ofSeed(1));
                OffloadingPolicy auto =
                        Policies.create("greedy", new PolicySettings(1, Map.of("greedy.localSearch", "auto")))) {
            Instance small = slots(60, 4, 31, 1).get(0);
            Instance large = slots(240, 4, 31, 1).get(0);
            assertThat(objective(small, Prompt.MIN_LATENCY, auto.decide(small, Prompt.MIN_LATENCY)))
                    .isLessThan(objective(small, Prompt.MIN_LATENCY, plain.decide(small, Prompt.MIN_LATENCY)));
            assertThat(auto.decide(large, Prompt.MIN_LATENCY).options())
                    .isEqualTo(plain.decide(large, Prompt.MIN_LATENCY).options());
        }
    }

    @Test
    void theSearchSeesTheWholeSlotOutsideTheRegions() {
        try (OffloadingPolicy both = Policies.create(
                "greedy", new PolicySettings(1, Map.of("greedy.localSearch", "2", "greedy.regions", "2")))) {
            assertThat(both).isInstanceOf(LocalSearchPolicy.class);
            assertThat(((LocalSearchPolicy) both).inner()).isInstanceOf(org.lambo.region.RegionalPolicy.class);
        }
    }
}
