package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lambo.agents.SlotSource;
import org.lambo.agents.orchestrator.SlotDecider;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.rng.Seeds;
import org.lambo.scenario.ScenarioLoader;

/**
 * What decides a trial's slots, resumed at slot K: a fresh policy (made as {@link TrialRunner} makes it), replayed when
 * {@link PolicyReplay#needed} says so, must decide slots K.. as the policy of an uninterrupted trial does.
 */
class PolicyReplayTest {
    private static final int SLOTS = 8;
    private static final int RESUME_AT = 5;

    private static TrialSettings settings(String policy, String option) {
        Map<String, String> options = new java.util.TreeMap<>();
        if (option != null) for (String kv : option.split(";")) options.put(kv.split("=")[0], kv.split("=")[1]);
        return TrialSettings.builder(ScenarioLoader.load("tiny"))
                .seed(3)
                .slots(SLOTS)
                .policy(policy)
                .policyOptions(options)
                .build();
    }

    private static OffloadingPolicy fresh(TrialSettings s) {
        return Policies.create(s.policy(), new PolicySettings(Seeds.derive(s.seed(), s.policy()), s.policyOptions()));
    }

    /** Slots from..to-1 decided by the orchestrator's decider on the world's instances. */
    private static List<Decision> decide(OffloadingPolicy p, TrialSettings s, SlotSource world, int from, int to) {
        SlotDecider d = new SlotDecider(p, s.prompt(), s.scenario().channel().params());
        List<Decision> out = new ArrayList<>();
        for (int t = from; t < to; t++) {
            Instance inst = world.slot(t);
            out.add(d.decide(t, PolicyReplay.servers(inst, t), PolicyReplay.requests(inst, t))
                    .decision());
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "greedy,",
        "de,",
        "random,",
        "droo,",
        "droo,droo.interval=1;droo.batch=4",
        "aed,",
        "aed,aed.samples=4",
        "aed,aed.samples=4;aed.checkpoint=none",
        "local,",
        "nearest,",
        "are,"
    })
    void aResumedPolicyDecidesTheFollowingSlotsAsAnUninterruptedOne(String policy, String option) {
        TrialSettings s = settings(policy, option);
        List<Decision> straight = decide(fresh(s), s, new SlotSource(s.scenario(), s.seed()), 0, SLOTS);

        OffloadingPolicy resumed = fresh(s);
        SlotSource world = new SlotSource(s.scenario(), s.seed());
        if (PolicyReplay.needed(resumed)) PolicyReplay.replay(resumed, s, world, RESUME_AT, () -> false);
        assertThat(decide(resumed, s, world, RESUME_AT, SLOTS)).isEqualTo(straight.subList(RESUME_AT, SLOTS));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"random,", "droo,droo.interval=1;droo.batch=4", "aed,aed.samples=4;aed.checkpoint=none"})
    void policiesThatKeepStateBetweenSlotsNeedTheReplay(String policy, String option) {
        TrialSettings s = settings(policy, option);
        assertThat(PolicyReplay.needed(s)).isTrue();
        List<Decision> straight = decide(fresh(s), s, new SlotSource(s.scenario(), s.seed()), 0, SLOTS);
        List<Decision> unreplayed = decide(fresh(s), s, new SlotSource(s.scenario(), s.seed()), RESUME_AT, SLOTS);
        assertThat(unreplayed)
                .as("without the replay a resumed %s decides otherwise", policy)
                .isNotEqualTo(straight.subList(RESUME_AT, SLOTS));
    }

    @Test
    void aStopRequestEndsTheReplay() {
        TrialSettings s = settings("random", null);
        SlotSource world = new SlotSource(s.scenario(), s.seed());
        int[] asked = {0};
        PolicyReplay.replay(fresh(s), s, world, SLOTS, () -> ++asked[0] > 2);
        assertThat(asked[0]).isEqualTo(3);
    }
}
