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
