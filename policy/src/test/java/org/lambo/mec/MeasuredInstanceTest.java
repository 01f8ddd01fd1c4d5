package org.lambo.mec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;

/** Measured data in the instance format: no positions, no distance model, a deadline that binds only offloading. */
public class MeasuredInstanceTest {
    /** Two servers, three UEs; h p / sigma2 = 3 on every link, so r = B log2(4) = 2 Mbit/s. */
    public static String measured(String deadlineAppliesTo, double deadline) {
        String scope = deadlineAppliesTo == null ? "" : ",\"deadlineAppliesTo\":\"" + deadlineAppliesTo + "\"";
        StringBuilder ues = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            if (i > 0) ues.append(',');
            ues.append(
                            "{\"localCpuHz\":1e9,\"localPowerW\":1,\"transmitPowerW\":1,\"task\":{\"bits\":2e5,\"cycles\":1.05e9,\"deadlineS\":")
                    .append(deadline)
                    .append(scope)
                    .append("}}");
        }
        return "{\"schema\":1,\"id\":\"m\",\"channel\":{\"bandwidthHz\":1e6,\"noiseW\":1e-12},"
                + "\"servers\":[{\"cpuHz\":1e10},{\"cpuHz\":2e10}],\"ues\":[" + ues + "],"
                + "\"gains\":[[3e-12,3e-12],[3e-12,3e-12],[3e-12,3e-12]]}";
    }

    @Test
    void gainsWithoutPositionsOrDistanceModelAreReadAndWrittenBackAsGiven() {
        Instance inst = InstanceJson.parseLine("m.jsonl:1", measured(null, 2.0));
        assertThat(inst.rate(0, 1)).isEqualTo(2e6);
        assertThat(inst.ue(0).position()).isNull();
        assertThat(inst.channel().hasDistanceModel()).isFalse();
        String back = InstanceJson.toLine(inst);
        assertThat(back).doesNotContain("\"x\"", "\"y\"", "g0", "pathLossExponent");
        assertThat(InstanceJson.toLine(InstanceJson.parseLine("again", back))).isEqualTo(back);
    }

    @Test
    void withoutGainsTheDistanceModelAndPositionsAreStillRequiredAndSaySo() {
        String noGains = measured(null, 2.0).replaceAll(",\"gains\":.*\\}$", "}");
        assertThatThrownBy(() -> InstanceJson.parseLine("f:1", noGains))
                .hasMessage(
                        "f:1: field 'channel.g0' is missing (it may be left out only when measured gains are given)");
        String noUePosition = noGains.replace("\"noiseW\":1e-12", "\"noiseW\":1e-12,\"g0\":1,\"pathLossExponent\":2")
                .replace("{\"cpuHz\":1e10}", "{\"x\":0,\"y\":0,\"cpuHz\":1e10}")
                .replace("{\"cpuHz\":2e10}", "{\"x\":5,\"y\":0,\"cpuHz\":2e10}");
        assertThatThrownBy(() -> InstanceJson.parseLine("f:1", noUePosition))
                .hasMessage(
                        "f:1: field 'ues[0].x' is missing (positions may be left out only when measured gains are given)");
        String half = measured(null, 2.0).replace("{\"cpuHz\":2e10}", "{\"x\":3,\"cpuHz\":2e10}");
        assertThatThrownBy(() -> InstanceJson.parseLine("f:1", half))
                .hasMessageContaining("field 'servers[1].y' is missing: give both x and y, or neither");
    }

    @Test
    void aShortGainsRowSaysHowManyItGot() {
        String shortRow = measured(null, 2.0).replace("[[3e-12,3e-12],[3e-12,3e-12]", "[[3e-12,3e-12],[3e-12]");
        assertThatThrownBy(() -> InstanceJson.parseLine("f:1", shortRow))
                .hasMessage("f:1: field 'gains[1]' must be a list of one gain per server (2), got a list of 1");
        String twoRows = measured(null, 2.0).replace(",[3e-12,3e-12]]}", "]}");
        assertThatThrownBy(() -> InstanceJson.parseLine("f:1", twoRows))
                .hasMessage("f:1: field 'gains' must have one row per UE (3), got 2 rows");
    }

    @Test
    void aDeadlineBelowTheLocalTimeIsRefusedUnlessItBindsOnlyOffloading() {
        assertThatThrownBy(() -> InstanceJson.parseLine("f:1", measured(null, 1.0)))
                .hasMessageContaining("field 'ues[0].task.deadlineS' must be at least cycles / localCpuHz = 1.05 s")
                .hasMessageContaining("\"deadlineAppliesTo\": \"offload\"");
        Instance inst = InstanceJson.parseLine("f:1", measured("offload", 1.0));
        assertThat(inst.ue(0).task().offloadOnly()).isTrue();
        assertThat(InstanceJson.toLine(inst)).contains("\"deadlineAppliesTo\":\"offload\"");
        assertThat(InstanceJson.parseLine("f:1", measured("all", 2.0))
                        .ue(0)
                        .task()
                        .offloadOnly())
                .isFalse();
        assertThatThrownBy(() -> InstanceJson.parseLine("f:1", measured("local", 2.0)))
                .hasMessage("f:1: field 'ues[0].task.deadlineAppliesTo' must be one of all, offload, got 'local'");
    }

    @Test
    void theValidatorLetsALocalTaskRunPastAnOffloadOnlyDeadlineButNotAnOffloadedOne() {
        Instance inst = InstanceJson.parseLine("f:1", measured("offload", 1.0));
        assertThat(DecisionValidator.violations(inst, Decision.allLocal(3))).isEmpty(); // 1.05 s locally, deadline 1 s
        // UE 0 on server 1 with share 0.5: 0.1 s upload + 1.05e9 / 5e9 = 0.31 s, on time; with share 0.1: 0.1 + 1.05 s,
        // late
        assertThat(DecisionValidator.violations(inst, new Decision(new int[] {1, 0, 0}, new double[] {0.5, 0, 0})))
                .isEmpty();
        assertThat(DecisionValidator.violations(inst, new Decision(new int[] {1, 0, 0}, new double[] {0.1, 0, 0})))
                .extracting(DecisionValidator.Violation::kind)
                .containsExactly(DecisionValidator.Kind.DEADLINE);
    }

    /** The worked example of docs/INSTANCE_FORMAT.md: the same instance, labels [1, 1, 2] with equal shares. */
    @Test
    void theWorkedExampleCostsWhatTheDocSays() {
        Instance inst = InstanceJson.parseLine("f:1", measured("offload", 1.0));
        Decision d = org.lambo.bench.DecisionJson.equalShares(new int[] {1, 1, 2}, 2);
        org.lambo.mec.Evaluation ev = org.lambo.mec.CostModel.evaluate(inst, d);
        assertThat(ev.latency(0)).isCloseTo(0.31, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(ev.latency(2)).isCloseTo(0.1525, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(ev.totalLatency()).isCloseTo(0.7725, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(ev.totalEnergy()).isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(DecisionValidator.violations(inst, d)).isEmpty();
    }

    /**
     * Every policy keeps the offload-only deadline, and the validator agrees with each of them (mip and exhaustive
     * included).
     */
    @Test
    void everyPolicyDecidesValidlyOnAnOffloadOnlyInstance() {
        Instance inst = InstanceJson.parseLine("f:1", measured("offload", 1.0));
        for (String name : Policies.names()) {
            OffloadingPolicy p = Policies.create(name, PolicySettings.ofSeed(3));
            for (Prompt q : Prompt.values()) {
                Decision d = p.decide(inst, q);
                assertThat(DecisionValidator.violations(inst, d))
                        .as(name + " " + q)
                        .isEmpty();
            }
        }
    }
}
