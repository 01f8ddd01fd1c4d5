package org.lambo.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.ShareAllocation;

/**
 * The contract itself, run through the JUnit Platform on fixture policies as a user's build runs it: a case a policy
 * opts out of is reported as skipped (never as passed), and a policy that breaks a rule fails the case that checks it.
 */
class OffloadingPolicyContractTest {
    /** Method name to the outcome of each of its invocations, e.g. {@code handlesOneUe=[SUCCESSFUL]}. */
    private static Map<String, List<String>> run(Class<?> contractSubclass) {
        Map<String, List<String>> outcomes = new TreeMap<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                record(id, "SKIPPED");
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                // an assumption that fails aborts the case: JUnit and Maven report it as skipped
                record(
                        id,
                        result.getStatus() == TestExecutionResult.Status.ABORTED
                                ? "SKIPPED"
                                : result.getStatus().name());
            }

            private void record(TestIdentifier id, String outcome) {
                if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource m) {
                    outcomes.computeIfAbsent(m.getMethodName(), k -> new ArrayList<>())
                            .add(outcome);
                }
            }
        };
        Launcher launcher = LauncherFactory.create();
        launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(contractSubclass))
                        .build(),
                listener);
        return outcomes;
    }

    /** The built-in local policy, declared neither deterministic for a seed nor expected to beat all-local. */
    static class OptedOutLocal extends OffloadingPolicyContract {
        @Override
        protected OffloadingPolicy create(long seed) {
            return Policies.create("local", PolicySettings.ofSeed(seed));
        }

        @Override
        protected boolean deterministicForSeed() {
            return false;
        }

        @Override
        protected boolean beatsLocal() {
            return false;
        }
    }

    /** The built-in greedy policy with every case on. */
    static class Greedy extends OffloadingPolicyContract {
        @Override
        protected OffloadingPolicy create(long seed) {
            return Policies.create("greedy", PolicySettings.ofSeed(seed));
        }
    }

    /** Sends UE 0 to the last server whether it is up or not: the contract's down-server case must catch it. */
    static class IgnoresDownServers extends OffloadingPolicyContract {
        @Override
        protected OffloadingPolicy create(long seed) {
            return new OffloadingPolicy() {
                @Override
                public String name() {
                    return "ignores-down";
                }

                @Override
                public Decision decide(Instance inst, Prompt prompt) {
                    int[] options = new int[inst.n()];
                    options[0] = inst.m();
                    return inst.servers().get(inst.m() - 1).up()
                            ? ShareAllocation.require(inst, options)
                            : new Decision(options, fullShareOf(inst.n(), 0));
                }
            };
        }

        @Override
        protected boolean beatsLocal() {
            return false;
        }
    }

    private static double[] fullShareOf(int n, int ue) {
        double[] shares = new double[n];
        shares[ue] = 1.0;
        return shares;
    }

    @Test
    void aCaseAPolicyOptsOutOfIsReportedSkippedNotPassed() {
        Map<String, List<String>> outcomes = run(OptedOutLocal.class);

        assertThat(outcomes.get("sameSeedGivesTheSameDecision")).containsExactly("SKIPPED");
        assertThat(outcomes.get("isNoWorseThanAllLocalOnAverage"))
                .hasSize(OffloadingPolicyContract.prompts().size())
                .containsOnly("SKIPPED");
        assertThat(outcomes.get("everyDecisionPassesTheValidator"))
                .hasSize(OffloadingPolicyContract.prompts().size())
                .containsOnly("SUCCESSFUL");
        assertThat(outcomes.get("hasAName")).containsExactly("SUCCESSFUL");
    }

    @Test
    void aPolicyWithEveryCaseOnRunsEveryCase() {
        Map<String, List<String>> outcomes = run(Greedy.class);

        assertThat(outcomes)
                .containsKeys(
                        "everyDecisionPassesTheValidator",
                        "neverOffloadsToADownServer",
                        "sameSeedGivesTheSameDecision",
                        "hasAName",
                        "handlesOneUe",
                        "isNoWorseThanAllLocalOnAverage");
        // greedy has no capability (neither a bound nor a decision trace): that one case is skipped, saying so
        assertThat(outcomes.get("itsCapabilitiesKeepTheirPromises")).containsExactly("SKIPPED");
        outcomes.remove("itsCapabilitiesKeepTheirPromises");
        assertThat(outcomes.values()).allSatisfy(list -> assertThat(list).containsOnly("SUCCESSFUL"));
        assertThat(outcomes.get("isNoWorseThanAllLocalOnAverage"))
                .hasSize(OffloadingPolicyContract.prompts().size());
    }

    @Test
    void aPolicyThatOffloadsToADownServerFailsTheContract() {
        Map<String, List<String>> outcomes = run(IgnoresDownServers.class);

        assertThat(outcomes.get("neverOffloadsToADownServer"))
                .hasSize(OffloadingPolicyContract.prompts().size())
                .containsOnly("FAILED");
        assertThat(outcomes.get("everyDecisionPassesTheValidator")).containsOnly("SUCCESSFUL");
    }
}
