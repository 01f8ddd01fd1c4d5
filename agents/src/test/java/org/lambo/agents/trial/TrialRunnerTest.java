package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.ontology.TaskReport;
import org.lambo.scenario.ScenarioLoader;

class TrialRunnerTest {
    @TempDir
    Path dir;

    @Test
    void aPolicyThatNamesItselfBlankIsRefusedBeforeAnySlotNotWhenItsResultIsMade() {
        TrialSettings s = TrialSettings.builder(ScenarioLoader.load("tiny"))
                .slots(3)
                .policy("nameless")
                .build();
        List<SlotRecord> seen = new ArrayList<>();
        assertThatThrownBy(() -> TrialRunner.run(s, dir.resolve("jade"), seen::add))
                .isInstanceOf(org.lambo.io.InputException.class)
                .hasMessage("--policy: 'nameless' names itself ' ': a policy's name() must not be blank");
        assertThat(seen).as("no slot ran").isEmpty();
    }

    @Test
    void aSmallTrialEndsEveryTaskAndRealisesWhatTheModelPredicts() throws Exception {
        TrialSettings s = TrialSettings.builder(ScenarioLoader.load("tiny"))
                .slots(3)
                .policy("nearest-fit")
                .collectMs(2_000)
                .decisionMs(5_000)
                .serverMs(2_000)
                .build();
        List<SlotRecord> seen = new ArrayList<>();
        TrialResult r = TrialRunner.run(s, dir.resolve("jade"), seen::add);
        assertThat(r.slots()).hasSize(3);
        assertThat(seen).hasSize(3);
        assertThat(r.tasks()).isEqualTo(3 * 6);
        for (TaskReport t : r.reports()) {
            assertThat(t.completed()).as("%s: %s", t.taskId(), t.reason()).isTrue();
        }
        assertThat(r.maxPredictionError()).isZero();
        assertThat(r.reports()).as("the policy offloads some tasks").anyMatch(t -> t.option() > 0);
        // the orchestrator saw each server it gave a share (or an empty allocation) confirm it, in the container it
        // lives in (this JVM's)
        assertThat(r.links().confirmations())
                .extracting(c -> c.slot() + "/" + c.server())
                .doesNotHaveDuplicates()
                .containsAll(r.reports().stream()
                        .filter(t -> t.option() > 0)
                        .map(t -> t.slot() + "/" + t.option())
                        .distinct()
                        .toList());
        assertThat(r.links().confirmations())
                .allMatch(org.lambo.agents.orchestrator.LinkLog.Confirmation::confirmed)
                .allMatch(c -> !c.container().isEmpty()
                        && c.container().equals(r.reports().get(0).container()));
        assertThat(r.links().late()).as("nothing late in one JVM").isEmpty();
    }

    @Test
    void aTrialOfMoreUesThanTheDirectoryTakesKnowsThemByNameAndEndsEveryTask() throws Exception {
        // no UE registers with the DF or searches it: the clock waits until the AMS says every ue-i lives
        // (KnownByName), each UE asks the orchestrator by name
        int n = org.lambo.agents.ue.KnownByName.MOST_IN_DIRECTORY + 30;
        TrialSettings s = TrialSettings.builder(ScenarioLoader.load("tiny").withUes(n))
                .slots(1)
                .policy("nearest-fit")
                .collectMs(5_000)
                .decisionMs(20_000)
                .serverMs(5_000)
                .startupMs(120_000)
                .build();
        TrialResult r = TrialRunner.run(s, dir.resolve("jade"), x -> {});
        assertThat(r.tasks()).isEqualTo(n);
        for (TaskReport t : r.reports())
            assertThat(t.completed()).as("%s: %s", t.taskId(), t.reason()).isTrue();
    }

    @Test
    void aRealTimeTrialStartsSlotKNoEarlierThanKSlotLengthsAfterTheFirstAndSaysHowEachKeptToIt() throws Exception {
        TrialSettings s = TrialSettings.builder(ScenarioLoader.load("tiny"))
                .slots(4)
                .policy("nearest-fit")
                .collectMs(2_000)
                .decisionMs(5_000)
                .serverMs(2_000)
                .realtime(true)
                .build();
        assertThat(s.paceMs()).isEqualTo(Math.round(s.scenario().mobility().slotS() * 1000));
        List<Long> told = new ArrayList<>();
        TrialResult r = TrialRunner.run(s, dir.resolve("jade"), x -> told.add(System.nanoTime()));
        assertThat(r.slots()).hasSize(4).allSatisfy(x -> {
            assertThat(x.pace()).as("slot %d", x.slot()).isNotNull();
            assertThat(x.pace().onTime()).isBetween(0, x.reports().size());
        });
        // slot 3 closed after it started, which was 3 slot lengths after slot 0 started (which was before slot 0
        // closed)
        assertThat((told.get(3) - told.get(0)) / 1e6)
                .isGreaterThanOrEqualTo(3 * s.paceMs() - r.slots().get(0).roundTripMs() - 50);
        for (TaskReport t : r.reports())
            assertThat(t.completed()).as("%s: %s", t.taskId(), t.reason()).isTrue();
    }

    @Test
    void aTrialInterruptedAfterTwoSlotsAndResumedRecordsWhatAnUninterruptedOneDoes() throws Exception {
        // random keeps one generator across slots: the resume must replay it to decide as the uninterrupted trial
        TrialSettings s = TrialSettings.builder(ScenarioLoader.load("tiny"))
                .slots(5)
                .policy("random")
                .seed(11)
                .collectMs(2_000)
                .decisionMs(5_000)
                .serverMs(2_000)
                .build();
        TrialResult whole = TrialRunner.run(s, dir.resolve("whole"), r -> {});

        TrialStop stop = new TrialStop();
        List<SlotRecord> told = new ArrayList<>();
        TrialRunner.TrialInterruptedException cut =
                (TrialRunner.TrialInterruptedException) org.assertj.core.api.Assertions.catchThrowable(
                        () -> TrialRunner.run(s, dir.resolve("cut"), List.of(), stop, told::add, (r, platform) -> {
                            if (r.slot() == 1) stop.request("a test", 3);
                        }));
        assertThat(cut).as("the stop ends the trial").isNotNull();
        assertThat(cut.slot()).isEqualTo(2);
        assertThat(cut.request().exitCode()).isEqualTo(3);
        assertThat(told)
                .as("nothing is told after the stop")
                .extracting(SlotRecord::slot)
                .containsExactly(0, 1);
        assertThat(cut.partial().slots()).extracting(SlotRecord::slot).containsExactly(0, 1, 2);
        assertThat(cut.running().reports()).hasSize(6).allSatisfy(t -> {
            assertThat(t.completed()).isFalse();
            assertThat(t.reason()).isEqualTo("trial interrupted by a test during slot 2");
        });

        List<SlotRecord> earlier = cut.partial().slots().subList(0, 2);
        List<SlotRecord> rest = new ArrayList<>();
        TrialResult resumed =
                TrialRunner.run(s, dir.resolve("resumed"), earlier, new TrialStop(), rest::add, (r, platform) -> {});
        assertThat(rest)
                .extracting(SlotRecord::slot)
                .as("the clock starts at slot 2")
                .containsExactly(2, 3, 4);
        assertThat(resumed.reports()).isEqualTo(whole.reports());
    }

    @Test
    void aTrialWhoseSlotsAreAllRecordedHasNothingToRun() {
        TrialSettings s = TrialSettings.builder(ScenarioLoader.load("tiny"))
                .slots(1)
                .policy("local")
                .build();
        SlotRecord zero = new SlotRecord(0, List.of(), 0);
        assertThatThrownBy(() -> TrialRunner.run(s, dir, List.of(zero), new TrialStop(), r -> {}, (r, p) -> {}))
                .hasMessageContaining("all 1 slots are recorded already");
        TrialSettings three = TrialSettings.builder(ScenarioLoader.load("tiny"))
                .slots(3)
                .policy("local")
                .build();
        assertThatThrownBy(() -> TrialRunner.run(
                        three, dir, List.of(new SlotRecord(1, List.of(), 0)), new TrialStop(), r -> {}, (r, p) -> {}))
                .hasMessageContaining("earlier slots must be 0..0 in order, got slot 1 at 0");
    }

    @Test
    void aSlotThatCannotBeRecordedEndsTheTrialSayingSo() {
        TrialSettings s = TrialSettings.builder(ScenarioLoader.load("tiny"))
                .slots(4)
                .policy("local")
                .collectMs(2_000)
                .decisionMs(5_000)
                .serverMs(2_000)
                .build();
        List<Integer> recorded = new ArrayList<>();
        assertThatThrownBy(() -> TrialRunner.run(s, dir.resolve("jade"), r -> {
                    if (r.slot() == 1)
                        throw new java.io.UncheckedIOException(new java.io.IOException("No space left on device"));
                    recorded.add(r.slot());
                }))
                .isInstanceOf(TrialRunner.TrialFailedException.class)
                .hasMessageContaining("slot 1 could not be recorded")
                .hasMessageContaining("No space left on device");
        assertThat(recorded).containsExactly(0);
    }
}
