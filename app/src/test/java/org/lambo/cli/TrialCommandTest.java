package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrialCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    /** Runs a command line; {@link #err} then holds that run's errors alone. */
    private int run(String... args) {
        err.getBuffer().setLength(0); // a line an earlier run printed must not pass a check of this one
        CommandLine cl = Lambo.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** What a run writes to the process's stderr (where the progress bar is drawn), with its exit code. */
    private record Console(int exitCode, String stderr) {}

    private Console runWatchingStderr(String... args) {
        java.io.PrintStream before = System.err;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            int code = run(args);
            return new Console(code, bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            System.setErr(before);
        }
    }

    private static String[] plus(String[] args, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of(args));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void aTrialWritesItsRunFolder() throws Exception {
        Path out = dir.resolve("run");
        assertThat(run(
                        "trial",
                        "--scenario",
                        "tiny",
                        "--slots",
                        "2",
                        "--out",
                        out.toString(),
                        "--policy",
                        "local",
                        "--seed",
                        "3",
                        "--compare",
                        "mip"))
                .isZero();
        for (String f : List.of(
                "slots.csv",
                "summary.md",
                "latency.png",
                "energy.png",
                "split.png",
                "gap.png",
                "gap.csv",
                "scenario.yaml",
                "run.json",
                "jade/APDescription.txt")) {
            assertThat(out.resolve(f)).isRegularFile();
        }
        assertThat(Files.readAllLines(out.resolve("slots.csv"))).hasSize(1 + 2 * 6);
        assertThat(Files.readString(out.resolve("run.json")))
                .contains("\"command\" : \"trial\"")
                .contains("\"seed\" : 3");
        assertThat(Files.readString(out.resolve("summary.md")))
                .contains("completed: 12, failed: 0")
                .contains("## Gap to mip")
                .contains("over 2 of 2 slots")
                .doesNotContain("Drift");
    }

    @Test
    void aTrialOfAScenarioWithDriftListsItsEventsInTheSummary() throws Exception {
        String tiny;
        try (var in = TrialCommandTest.class.getResourceAsStream("/configs/tiny.yaml")) {
            tiny = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("name: tiny", "name: tiny-drift");
        }
        Path scenario = dir.resolve("tiny-drift.yaml");
        Files.writeString(
                scenario,
                tiny + "drift:\n  - {slot: 1, kind: server-capacity, server: 2, factor: 0.5}\n"
                        + "  - {slot: 9, kind: server-down, server: 1}\n");
        Path out = dir.resolve("drift");
        assertThat(run(
                        "trial",
                        "--scenario",
                        scenario.toString(),
                        "--slots",
                        "2",
                        "--out",
                        out.toString(),
                        "--policy",
                        "local",
                        "--compare",
                        "local"))
                .as(err.toString())
                .isZero();
        assertThat(Files.readString(out.resolve("summary.md")))
                .contains("## Drift events")
                .contains("| 1 | server 2 capacity x0.5 |")
                .contains("| 9 | server 1 down (after the trial's last slot: not reached) |");
        for (String png : List.of("latency.png", "energy.png", "split.png", "gap.png"))
            assertThat(out.resolve(png)).isRegularFile();
    }

    /**
     * Each refused flag (after {@code trial --scenario tiny --out DIR}) with the line the user reads: the flag and the
     * value; the rules are the records' ({@code TrialSettings}, {@code OnlineAlef.Options}) and the registry's.
     */
    private static final List<List<String>> REFUSED = List.of(
            List.of("--policy no-such-policy", "--policy: unknown policy 'no-such-policy' (known: "),
            List.of("--policy local --compare oracle", "--compare: unknown policy 'oracle' (known: "),
            List.of("--policy local --slots 0", "--slots: must be >= 1, got 0"),
            List.of("--policy local --prompt fastest", "--prompt: "),
            List.of("--policy local --port 70000", "--port: must be in 0..65535, got 70000"),
            List.of("--policy local --remote ues", "--port: must be a fixed port with --remote"),
            List.of("--policy local --startup-ms 0", "--startup-ms: must be > 0, got 0"),
            List.of("--policy local --dropout-ms 0", "--dropout-ms: must be in 1..600000, got 0"),
            List.of(
                    "--policy local --collect-ms 9000 --decision-ms 100",
                    "trial: decisionMs (100) must be at least collectMs + serverMs (14000)"),
            List.of(
                    "--policy local --online-alef",
                    "--online-alef: needs a policy that learns online (such as aed), got 'local'"),
            List.of("--online-alef --alef-batch 0", "--alef-batch: must be >= 1, got 0"),
            List.of("--online-alef --alef-entropy -0.5", "--alef-entropy: must be a finite number >= 0, got -0.5"),
            List.of("--online-alef --alef-expert oracle", "--alef-expert: unknown policy 'oracle' (known: "));

    @Test
    void aRefusedFlagIsOneLineNamingTheFlagAndTheValueAndNothingIsWritten() {
        int k = 0;
        for (List<String> c : REFUSED) {
            Path out = dir.resolve("refused" + k++);
            List<String> args =
                    new java.util.ArrayList<>(List.of("trial", "--scenario", "tiny", "--out", out.toString()));
            args.addAll(List.of(c.get(0).split(" ")));
            assertThat(run(args.toArray(new String[0])))
                    .as(c.get(0) + ": " + err)
                    .isEqualTo(Lambo.BAD_INPUT);
            assertThat(err.toString()).as(c.get(0)).contains(c.get(1)).doesNotContain("\tat ");
            assertThat(err.toString().lines().filter(l -> !l.isBlank()))
                    .as(c.get(0) + ": " + err)
                    .hasSize(1);
            assertThat(out)
                    .as(c.get(0) + ": nothing is written for a bad command")
                    .doesNotExist();
        }
    }

    @Test
    void onlineAlefsDefaultsAreItsOptionsRecords() {
        TrialCommand trial = new TrialCommand();
        new CommandLine(trial).parseArgs("--scenario", "tiny", "--out", "runs/t", "--online-alef");
        assertThat(trial.onlineAlefOptions()).isEqualTo(org.lambo.aed.alef.OnlineAlef.Options.DEFAULTS);
        String help = CliTest.run("trial", "--help").out().replaceAll("\\s+", " ");
        assertThat(help)
                .contains("entropy threshold, nats (default: "
                        + org.lambo.aed.alef.OnlineAlef.Options.DEFAULTS.entropyThreshold() + ")")
                .contains("labels per fine-tune (default: " + org.lambo.aed.alef.OnlineAlef.Options.DEFAULTS.batch()
                        + ")");
    }

    @Test
    void onlineAlefTrainsTheSlotTermAsFinetunesDefaultAndNoAlefSlotFeaturesTurnsItOffInTheRecordedSettings() {
        TrialCommand on = new TrialCommand();
        new CommandLine(on).parseArgs("--scenario", "tiny", "--out", "runs/t", "--online-alef");
        assertThat(on.onlineAlefOptions().slotFeatures())
                .isEqualTo(org.lambo.aed.alef.AlefOptions.DEFAULT_SLOT_FEATURES)
                .isTrue();
        TrialCommand off = new TrialCommand();
        new CommandLine(off)
                .parseArgs("--scenario", "tiny", "--out", "runs/t", "--online-alef", "--no-alef-slot-features");
        org.lambo.aed.alef.OnlineAlef.Options alef = off.onlineAlefOptions();
        assertThat(alef.slotFeatures()).isFalse();
        assertThat(alef.withSlotFeatures(true)).isEqualTo(org.lambo.aed.alef.OnlineAlef.Options.DEFAULTS);
        // recorded with the trial's other online ALEF settings
        var settings = org.lambo.agents.trial.TrialSettings.builder(org.lambo.scenario.ScenarioLoader.load("tiny"))
                .policy("aed")
                .onlineAlef(alef)
                .build();
        assertThat(org.lambo.agents.trial.TrialState.describe(settings).get("onlineAlef"))
                .contains("slotFeatures=false");
    }

    @Test
    void aTrialWithEmulatedDevicesRecordsMeasuredCosts() throws Exception {
        Path devices = dir.resolve("devices");
        Files.writeString(devices, "# id role\nedge-1 server\npi-0 ue\n");
        Path out = dir.resolve("dev");
        assertThat(run(
                        "trial",
                        "--scenario",
                        "tiny",
                        "--slots",
                        "2",
                        "--out",
                        out.toString(),
                        "--policy",
                        "greedy",
                        "--collect-ms",
                        "4000",
                        "--decision-ms",
                        "15000",
                        "--server-ms",
                        "6000",
                        "--devices",
                        devices.toString(),
                        "--emulate-devices",
                        "--device-scale",
                        "1e-4"))
                .as(err.toString())
                .isZero();
        assertThat(Files.readAllLines(out.resolve("slots.csv")).get(0)).endsWith(",measured");
        assertThat(Files.readString(out.resolve("summary.md")))
                .contains(
                        "completed: 12, failed: 0",
                        "| edge-1 | server 1 | online (connected) |",
                        "## Sim-to-real error");
    }

    @Test
    void badDeviceFlagsNameTheFlag() throws Exception {
        Path devices = dir.resolve("devices");
        Files.writeString(devices, "edge-1 server\n");
        assertThat(run(
                        "trial",
                        "--scenario",
                        "tiny",
                        "--out",
                        dir.resolve("e").toString(),
                        "--policy",
                        "local",
                        "--emulate-devices"))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--devices").contains("is required with --broker or --emulate-devices");
        assertThat(run(
                        "trial",
                        "--scenario",
                        "tiny",
                        "--out",
                        dir.resolve("f").toString(),
                        "--policy",
                        "local",
                        "--devices",
                        devices.toString(),
                        "--broker",
                        "http://nowhere"))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--broker").contains("tcp://host:1883");
        assertThat(run(
                        "trial",
                        "--scenario",
                        "tiny",
                        "--out",
                        dir.resolve("g").toString(),
                        "--policy",
                        "local",
                        "--devices",
                        devices.toString(),
                        "--device-scale",
                        "2"))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--device-scale: must be in (0, 1], got 2.0");
        assertThat(dir.resolve("g")).doesNotExist();
        assertThat(run(
                        "trial",
                        "--scenario",
                        "tiny",
                        "--out",
                        dir.resolve("h").toString(),
                        "--policy",
                        "local",
                        "--devices",
                        devices.toString(),
                        "--device-lost-grace-ms",
                        "-1"))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--device-lost-grace-ms: must be in [0, 600000] ms, got -1 ms");
        assertThat(run(
                        "trial",
                        "--scenario",
                        "tiny",
                        "--out",
                        dir.resolve("i").toString(),
                        "--policy",
                        "local",
                        "--devices",
                        devices.toString(),
                        "--device-testbed",
                        "t".repeat(52)))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("the bridge's client id");
        assertThat(dir.resolve("h")).doesNotExist();
        assertThat(run(
                        "trial",
                        "--scenario",
                        "tiny",
                        "--out",
                        dir.resolve("j").toString(),
                        "--policy",
                        "local",
                        "--devices",
                        devices.toString(),
                        "--remote",
                        "servers"))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("server devices need their server agents in the main container");
    }

    /** A random-policy trial of tiny (random keeps state across slots: the resume replays it). */
    private String[] trialArgs(Path out, int slots) {
        List<String> a = new java.util.ArrayList<>(List.of(
                "trial",
                "--scenario",
                "tiny",
                "--slots",
                Integer.toString(slots),
                "--out",
                out.toString(),
                "--policy",
                "random",
                "--seed",
                "3",
                "--collect-ms",
                "2000",
                "--decision-ms",
                "5000",
                "--server-ms",
                "2000"));
        return a.toArray(new String[0]);
    }

    @Test
    void aTrialKilledWithinASlotResumesToTheSlotsCsvOfAnUninterruptedRun() throws Exception {
        Path whole = dir.resolve("whole");
        Console quiet = runWatchingStderr(plus(trialArgs(whole, 4), "--no-progress"));
        assertThat(quiet.exitCode()).as(err.toString()).isZero();
        assertThat(quiet.stderr()).as("--no-progress draws no bar").doesNotContain("trial tiny");
        assertThat(Files.readString(whole.resolve("trial.json"))).contains("\"status\" : \"finished\"");
        assertThat(run("trial", "--resume", whole.toString())).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("holds a finished trial (all 4 slots recorded): nothing to resume");

        // the state a SIGKILL within slot 2 leaves: slots 0 and 1 complete, half of slot 2's rows, status running
        Path cut = dir.resolve("cut");
        Files.createDirectories(cut);
        for (String f : List.of("scenario.yaml", "run.json")) Files.copy(whole.resolve(f), cut.resolve(f));
        Files.writeString(
                cut.resolve("trial.json"),
                Files.readString(whole.resolve("trial.json"))
                        .replace("\"status\" : \"finished\"", "\"status\" : \"running\"")
                        .replace(whole.toString(), cut.toString()));
        List<String> rows = Files.readAllLines(whole.resolve("slots.csv"));
        Files.writeString(cut.resolve("slots.csv"), String.join("\n", rows.subList(0, 1 + 2 * 6 + 3)) + "\n2,3,t2-u");
        List<String> ended = Files.readAllLines(whole.resolve("slot-times.csv"));
        Files.writeString(cut.resolve("slot-times.csv"), String.join("\n", ended.subList(0, 3)) + "\n");

        // recorded with --no-progress, resumed without it: no conflict, and this command line's bar is drawn
        Console resumed = runWatchingStderr("trial", "--resume", cut.toString(), "--policy", "random");
        assertThat(resumed.exitCode()).as(err.toString()).isZero();
        assertThat(resumed.stderr()).as("the resume's own bar").contains("trial tiny");
        assertThat(Files.readAllBytes(cut.resolve("slots.csv")))
                .isEqualTo(Files.readAllBytes(whole.resolve("slots.csv")));
        assertThat(Files.readAllLines(cut.resolve("slot-times.csv"))).hasSize(5);
        assertThat(Files.readString(cut.resolve("summary.md")))
                .contains("- resumed: at slot 2 (slots 0..1", "completed: 24, failed: 0");
        for (String f : List.of("latency.png", "energy.png", "split.png"))
            assertThat(cut.resolve(f)).isRegularFile();
        assertThat(Files.readString(cut.resolve("trial.json")))
                .contains("\"status\" : \"finished\"", "resumed at slot 2");
    }

    @Test
    void aResumeRefusesFlagsThatConflictWithTheRecordedOnesNamingBothValues() throws Exception {
        Path out = dir.resolve("run");
        assertThat(run(trialArgs(out, 1))).as(err.toString()).isZero();
        Files.writeString(
                out.resolve("trial.json"),
                Files.readString(out.resolve("trial.json"))
                        .replace("\"status\" : \"finished\"", "\"status\" : \"interrupted\""));
        assertThat(run("trial", "--resume", out.toString(), "--policy", "greedy"))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString())
                .contains("--policy: conflicts with the trial recorded in " + out + ": recorded random, given greedy");
        assertThat(run("trial", "--resume", out.toString(), "--seed", "4")).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString())
                .contains("--seed: conflicts with the trial recorded in " + out + ": recorded 3, given 4");
        assertThat(run(
                        "trial",
                        "--resume",
                        out.toString(),
                        "--out",
                        dir.resolve("elsewhere").toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--out: conflicts with --resume");
        assertThat(run("trial", "--resume", out.toString(), "--option", "de.population=30"))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString())
                .contains("--option: conflicts with the trial recorded in " + out
                        + ": recorded none, given [de.population=30]");

        // the flags rebuild other settings than the trial ran with (here: trial.json edited; in life: a default changed
        // since)
        Files.writeString(
                out.resolve("trial.json"),
                Files.readString(out.resolve("trial.json"))
                        .replace("\"collectMs\" : \"2000\"", "\"collectMs\" : \"3000\""));
        assertThat(run("trial", "--resume", out.toString())).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("the trial ran with collectMs 3000, but its recorded flags now give 2000");
        assertThat(err.toString()).doesNotContain("Exception");

        // the flags that change only what is shown may differ from the record
        Files.writeString(
                out.resolve("trial.json"),
                Files.readString(out.resolve("trial.json"))
                        .replace("\"collectMs\" : \"3000\"", "\"collectMs\" : \"2000\""));
        assertThat(run("trial", "--resume", out.toString(), "--no-progress", "--gui"))
                .as(err.toString())
                .isZero();
    }

    @Test
    void aNewTrialIntoAFinishedTrialsFolderOrAnotherCommandsIsRefusedAndTheirRecordsKept() throws Exception {
        Path out = dir.resolve("done");
        assertThat(run(trialArgs(out, 1))).as(err.toString()).isZero();
        String slots = Files.readString(out.resolve("slots.csv"));
        String record = Files.readString(out.resolve("trial.json"));
        assertThat(run(trialArgs(out, 1))).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString())
                .contains("--out: " + out + " holds a finished trial (1 slots)")
                .doesNotContain("Exception");
        assertThat(Files.readString(out.resolve("slots.csv"))).isEqualTo(slots);
        assertThat(Files.readString(out.resolve("trial.json"))).isEqualTo(record);

        Path train = dir.resolve("train");
        Files.createDirectories(train);
        Files.writeString(train.resolve("run.json"), "{\"command\" : \"train\"}");
        assertThat(run(trialArgs(train, 1))).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString())
                .contains("--out: " + train
                        + " is the run folder of `lambo train` (its run.json): choose another folder");
        assertThat(Files.readString(train.resolve("run.json"))).isEqualTo("{\"command\" : \"train\"}");
    }

    @Test
    void aResumeOfAFolderThatIsNotAnInterruptedTrialSaysWhatItIs() throws Exception {
        assertThat(run("trial", "--resume", dir.resolve("none").toString())).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--resume: " + dir.resolve("none") + " does not exist");
        Path bench = dir.resolve("bench");
        Files.createDirectories(bench);
        Files.writeString(bench.resolve("run.json"), "{\"command\" : \"bench\"}");
        assertThat(run("trial", "--resume", bench.toString())).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("is the run folder of `lambo bench`, not of a trial: nothing to resume");
        assertThat(run("trial", "--resume", dir.toString())).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("is not a trial's run folder (it has no trial.json)");
        assertThat(run("trial", "--out", dir.resolve("x").toString())).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--scenario: is required (or --resume DIR)");
        assertThat(run("trial", "--scenario", "tiny")).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString())
                .contains("--out: is required (or --resume DIR)")
                .doesNotContain("Exception");
    }
}
