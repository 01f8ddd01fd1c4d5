package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.io.InputException;
import org.lambo.mec.Prompt;
import org.lambo.scenario.ScenarioLoader;

class TrialStateTest {
    @TempDir
    Path dir;

    private final TrialSettings settings = TrialSettings.builder(ScenarioLoader.load("tiny"))
            .seed(7)
            .slots(12)
            .policy("random")
            .policyOptions(Map.of("de.population", "30"))
            .build();
    private final List<String> args =
            List.of("trial", "--scenario", "tiny", "--seed", "7", "--slots", "12", "--out", "run");

    @Test
    void aStartedTrialReadsBackWithItsArgumentsSettingsAndStatus() throws Exception {
        try (TrialState st = TrialState.start(dir, args, Path.of("/somewhere"), settings)) {
            TrialState.Saved s = TrialState.read(dir);
            assertThat(s.args()).isEqualTo(args);
            assertThat(s.cwd()).isEqualTo(Path.of("/somewhere"));
            assertThat(s.seed()).isEqualTo(7);
            assertThat(s.slots()).isEqualTo(12);
            assertThat(s.settings())
                    .isEqualTo(TrialState.describe(settings))
                    .containsEntry("policy", "random")
                    .containsEntry("policyOptions", "{de.population=30}")
                    .containsEntry("devices", "none");
            assertThat(s.status()).isEqualTo(TrialState.Status.RUNNING);
            st.end(TrialState.Status.INTERRUPTED, "trial interrupted by SIGTERM during slot 4");
        }
        TrialState.Saved s = TrialState.read(dir);
        assertThat(s.status()).isEqualTo(TrialState.Status.INTERRUPTED);
        assertThat(s.note()).isEqualTo("trial interrupted by SIGTERM during slot 4");
        try (TrialState st = TrialState.resume(dir, s, 4)) {
            assertThat(TrialState.read(dir).status()).isEqualTo(TrialState.Status.RUNNING);
            st.end(
                    TrialState.Status.FINISHED,
                    "",
                    List.of(new org.lambo.agents.platform.ContainerDropout(
                            "lambo-ues",
                            java.time.Instant.parse("2026-12-06T16:00:01.234Z"),
                            5_123,
                            org.lambo.agents.platform.ContainerDropout.End.KEPT,
                            "no answer to a ping for 3001 ms")));
        }
        assertThat(Files.readString(dir.resolve(TrialState.FILE)))
                .as("the containers lost in the run, beside its history")
                .containsSubsequence(
                        "\"dropouts\" : [ {",
                        "\"container\" : \"lambo-ues\"",
                        "\"lastAnswer\" : \"2026-12-06T16:00:01.234Z\"",
                        "\"silentMs\" : 5123",
                        "\"end\" : \"kept\"",
                        "\"cause\" : \"no answer to a ping for 3001 ms\"");
        assertThat(TrialState.read(dir).history()).hasSize(4).satisfies(h -> {
            assertThat(h.get(0)).startsWith("started ");
            assertThat(h.get(1)).startsWith("interrupted (trial interrupted by SIGTERM during slot 4) ");
            assertThat(h.get(2)).startsWith("resumed at slot 4 ");
            assertThat(h.get(3)).startsWith("finished ");
        });
        assertThat(dir.resolve(TrialState.FILE + ".tmp")).doesNotExist();
    }

    @Test
    void aFolderWithoutATrialRecordIsFreeForANewTrial() throws Exception {
        TrialState.refuseIfRecorded(dir, "--out");
        TrialState.refuseIfRecorded(dir.resolve("not-yet"), "--out");
    }

    @Test
    void aNewTrialIsRefusedAFolderThatHoldsAFinishedOneNamingTheFlagAndTheFolder() throws Exception {
        try (TrialState st = TrialState.start(dir, args, Path.of("/somewhere"), settings)) {
            st.end(TrialState.Status.FINISHED, "");
        }
        assertThatThrownBy(() -> TrialState.refuseIfRecorded(dir, "--out"))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("--out: " + dir + " holds a finished trial (12 slots)")
                .hasMessageContaining("choose another folder");
    }

    @Test
    void aNewTrialIsRefusedAFolderWhoseTrialDidNotFinishAndIsToldHowToResumeIt() throws Exception {
        try (TrialState st = TrialState.start(dir, args, Path.of("/somewhere"), settings)) {
            st.end(TrialState.Status.INTERRUPTED, "trial interrupted by SIGTERM during slot 4");
        }
        assertThatThrownBy(() -> TrialState.refuseIfRecorded(dir, "--out"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("did not finish (interrupted)")
                .hasMessageContaining("lambo trial --resume " + dir);
        // a power cut leaves the record saying running, with nobody holding the lock
        try (TrialState st = TrialState.resume(dir, TrialState.read(dir), 4)) {
            // the process dies here: the record is never ended
        }
        assertThatThrownBy(() -> TrialState.refuseIfRecorded(dir, "--out"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("it stopped while running")
                .hasMessageContaining("lambo trial --resume " + dir);
    }

    @Test
    void aNewTrialIsRefusedAFolderWhoseTrialRecordDoesNotRead() throws Exception {
        Files.writeString(dir.resolve(TrialState.FILE), "{ not json");
        assertThatThrownBy(() -> TrialState.refuseIfRecorded(dir, "--out"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("holds a trial record that does not read")
                .hasMessageContaining("is not valid JSON");
    }

    @Test
    void aFinishedTrialRecordsItsRoundTripsPerContainerAndServerAndReadsBack() throws Exception {
        var log = new org.lambo.agents.orchestrator.LinkLog();
        log.joined("lambo-ue-1", "10.231.9.12");
        log.joined("lambo-servers", "10.231.9.13");
        log.decidedLate(0, 1);
        log.confirmed(0, 2, "lambo-servers", 12);
        log.notConfirmed(0, 3, "lambo-servers");
        List<org.lambo.ontology.TaskReport> reports = List.of(
                org.lambo.ontology.TaskReport.builder(0, "ue-0", 0, "t0-ue0")
                        .decision(0, 0, 1.0, 1.0)
                        .completed(1.0, 1.0)
                        .roundTrips(40, null, 0, "lambo-ues")
                        .build(),
                org.lambo.ontology.TaskReport.builder(0, "ue-1", 1, "t0-ue1")
                        .decision(2, 0.5, 1.0, 1.0)
                        .completed(1.0, 1.0)
                        .roundTrips(4_000, 300, 3, "lambo-ue-1")
                        .build());
        try (TrialState st = TrialState.start(dir, args, dir, settings)) {
            st.end(
                    TrialState.Status.FINISHED,
                    "",
                    TrialResult.builder("random", Prompt.MIN_LATENCY)
                            .slots(List.of(new SlotRecord(0, reports, 5)))
                            .wallS(1)
                            .links(log.seen())
                            .build());
        }
        String json = Files.readString(dir.resolve(TrialState.FILE));
        var rt =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("roundTrips");
        assertThat(rt.path("ues").findValuesAsText("where"))
                .containsExactly("container lambo-ue-1", "container lambo-ues", "server-2 (results only)");
        var slow = rt.path("ues").get(0);
        assertThat(slow.path("tasks").asInt()).isEqualTo(1);
        assertThat(slow.path("decisionMs").path("median").asInt()).isEqualTo(4_000);
        assertThat(slow.path("resultMs").path("p95").asInt()).isEqualTo(300);
        assertThat(slow.path("resends").asInt()).isEqualTo(3);
        assertThat(slow.path("decidedLate").asInt()).isEqualTo(1);
        assertThat(rt.path("ues").findValuesAsText("joinedFrom")).containsExactly("10.231.9.12", "", "");
        assertThat(rt.path("servers").findValuesAsText("joinedFrom")).containsExactly("10.231.9.13", "", "");
        assertThat(rt.path("fromSlot").asInt()).isZero();
        assertThat(rt.path("ues").get(1).path("resultMs").path("median").isNull())
                .as("none measured is null, never NaN")
                .isTrue();
        assertThat(rt.path("servers").findValuesAsText("where"))
                .containsExactly("container lambo-servers", "server-2", "server-3");
        var servers = rt.path("servers").get(0);
        assertThat(servers.path("allocations").asInt()).isEqualTo(2);
        assertThat(servers.path("confirmationMs").path("max").asInt()).isEqualTo(12);
        assertThat(servers.path("notConfirmed").asInt()).isEqualTo(1);
        assertThat(json).doesNotContain("NaN");
        assertThat(TrialState.read(dir).status()).isEqualTo(TrialState.Status.FINISHED);
    }

    @Test
    void aFolderWhoseTrialStillRunsCannotBeTakenAgain() throws Exception {
        try (TrialState st = TrialState.start(dir, args, dir, settings)) {
            TrialState.Saved s = TrialState.read(dir);
            assertThatThrownBy(() -> TrialState.resume(dir, s, 0))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("--resume: " + dir + " is in use by a trial that is still running");
            assertThatThrownBy(() -> TrialState.refuseIfRunning(dir, "--out"))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("--out: " + dir + " is in use by a trial that is still running");
        }
        TrialState.refuseIfRunning(dir, "--out");
        try (TrialState again = TrialState.resume(dir, TrialState.read(dir), 0)) {
            assertThat(again.saved().status()).as("free once the first let go").isEqualTo(TrialState.Status.RUNNING);
        }
    }

    @Test
    void aFolderThatIsNotATrialSaysWhatItIs() throws Exception {
        assertThatThrownBy(() -> TrialState.read(dir.resolve("nope")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("nope does not exist");
        Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> TrialState.read(dir.resolve("file"))).hasMessageContaining("is not a folder");
        assertThatThrownBy(() -> TrialState.read(dir))
                .hasMessageContaining("is not a trial's run folder (it has no trial.json)");
        Files.writeString(dir.resolve("run.json"), "{\"command\" : \"bench\"}");
        assertThatThrownBy(() -> TrialState.read(dir))
                .hasMessageContaining("is the run folder of `lambo bench`, not of a trial");
        Files.writeString(dir.resolve("run.json"), "{\"command\" : \"trial\"}");
        assertThatThrownBy(() -> TrialState.read(dir)).hasMessageContaining("holds a trial without trial.json");
    }

    @Test
    void aDamagedTrialJsonIsRefusedNamingTheField() throws Exception {
        try (TrialState st = TrialState.start(dir, args, dir, settings)) {
            st.end(TrialState.Status.FAILED, "x");
        }
        Path file = dir.resolve(TrialState.FILE);
        String good = Files.readString(file);
        Files.writeString(file, good.replace("\"seed\" : 7", "\"seed\" : \"7\""));
        assertThatThrownBy(() -> TrialState.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("field 'seed' must be an integer");
        Files.writeString(file, good.replace("\"status\" : \"failed\"", "\"status\" : \"paused\""));
        assertThatThrownBy(() -> TrialState.read(dir))
                .hasMessageContaining("field 'status'")
                .hasMessageContaining("'paused'");
        Files.writeString(file, good.replace("\"slots\" : 12", "\"slots\" : 12, \"slots\" : 13"));
        assertThatThrownBy(() -> TrialState.read(dir))
                .hasMessageContaining("is not valid JSON")
                .hasMessageContaining("Duplicate field 'slots'");
        Files.writeString(file, good + "{}");
        assertThatThrownBy(() -> TrialState.read(dir)).hasMessageContaining("is not valid JSON");
    }
}
