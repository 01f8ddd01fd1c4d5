package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code testbed-scripts/deploy}: its hosts-file parser and, in dry-run, every command it would run. */
class DeployScriptTest {
    private static final Path SCRIPT =
            Path.of("..", "testbed-scripts", "deploy").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Run(int rc, String out, String err) {}

    private Run deploy(String hostsFile, String... args) throws IOException, InterruptedException {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, hostsFile);
        List<String> cmd = new ArrayList<>(List.of("--hosts", hosts.toString()));
        cmd.addAll(List.of(args));
        return script(cmd.toArray(String[]::new));
    }

    /** {@code deploy ARGS...}, nothing added. */
    private Run script(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile())
                .start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    private static final String HOSTS = """
            # the testbed
            edge-main   alice  main     10.0.0.1
            edge-ues    bob    ues      10.0.0.2   # the UEs' machine

            edge-srv    bob    servers  10.0.0.3
            """;

    @Test
    void aDryRunPrintsTheChecksTheCopiesTheDetachedContainersTheTrialAndTheCollection() throws Exception {
        Run r = deploy(
                HOSTS,
                "--scenario",
                "small",
                "--out",
                dir.resolve("run").toString(),
                "--slots",
                "4",
                "--policy",
                "greedy",
                "--seed",
                "7",
                "--port",
                "1200",
                "--collect-ms",
                "9000",
                "--server-ms",
                "7000",
                "--decision-ms",
                "20000",
                "--join-timeout-ms",
                "45000",
                "--dry-run",
                "--",
                "--prompt",
                "min-energy");
        assertThat(r.err()).isEmpty();
        assertThat(r.rc()).isZero();
        List<String> lines = r.out().lines().map(l -> l.replace("\\", "")).toList();
        assertThat(lines).allMatch(l -> l.startsWith("+ "));
        assertThat(lines)
                .filteredOn(l -> l.contains("pre-flight"))
                .hasSize(3)
                .anyMatch(l -> l.contains("alice@edge-main"))
                .anyMatch(l -> l.contains("bob@edge-ues"))
                .anyMatch(l -> l.contains("bob@edge-srv"));
        assertThat(lines).filteredOn(l -> l.contains("sha256sum -c")).hasSize(3);
        assertThat(lines)
                .filteredOn(l -> l.startsWith("+ tar") && l.contains("lambo-deploy/app"))
                .hasSize(3);
        assertThat(lines)
                .filteredOn(
                        l -> l.contains("umask 077 && cat > lambo-deploy/runs/deploy-") && l.contains("/trial.secret"))
                .as("the secret goes to every host, mode 600")
                .hasSize(3);
        String ues = lines.stream()
                .filter(l -> l.contains("bob@edge-ues") && l.contains(" container "))
                .findFirst()
                .orElseThrow();
        assertThat(ues)
                .contains(
                        "--main-host 10.0.0.1 --main-port 1200 --agents ues --scenario small --seed 7 --local-host 10.0.0.2 --local-port 1201")
                .containsPattern("--secret-file runs/deploy-[^ ]+/trial.secret")
                .contains("--server-ms 7000 --decision-ms 20000 --join-timeout-ms 45000")
                .doesNotContain("--collect-ms");
        // detached: the background job and its output inside braces, so that ssh returns at once
        assertThat(ues)
                .containsPattern(
                        "\\{ LAMBO_GIT_REVISION=[^ ]+ DJL_OFFLINE=true nohup java .* container .*> runs/deploy-[^ ]+/container-ues.log 2>&1 < /dev/null & echo \\$! > pids/[^ ]+-ues.pid; }$");
        String servers = lines.stream()
                .filter(l -> l.contains("bob@edge-srv") && l.contains(" container "))
                .findFirst()
                .orElseThrow();
        assertThat(servers).contains("--agents servers").contains("--local-host 10.0.0.3 --local-port 1202");
        String trial = lines.stream()
                .filter(l -> l.contains("alice@edge-main") && l.contains(" trial "))
                .findFirst()
                .orElseThrow();
        assertThat(trial)
                .contains("trial --scenario small --slots 4 --policy greedy --seed 7 --out runs/deploy-")
                .containsPattern(
                        "--host 10.0.0.1 --port 1200 --secret-file runs/deploy-[^ ]+/trial.secret --remote ues,servers --collect-ms 9000 --server-ms 7000 --decision-ms 20000 --prompt min-energy &$")
                .doesNotContain("--join-timeout-ms");
        int trialAt = lines.indexOf(trial);
        int listensAt = lines.indexOf(lines.stream()
                .filter(l -> l.contains("ss -Hltn") && l.contains(":1200"))
                .findFirst()
                .orElseThrow());
        assertThat(listensAt)
                .as("deploy waits for the main container to listen")
                .isGreaterThan(trialAt);
        assertThat(lines.indexOf(ues)).as("then starts the containers").isGreaterThan(listensAt);
        assertThat(lines.indexOf(servers)).isGreaterThan(listensAt);
        assertThat(lines.subList(lines.indexOf(servers), lines.size()))
                .anyMatch(l -> l.contains("alice@edge-main") && l.contains("/trial -cf - ."))
                .anyMatch(l -> l.contains("bob@edge-ues")
                        && l.contains("hosts/edge-ues")
                        && l.contains("--exclude ./trial.secret"));
        assertThat(Files.exists(dir.resolve("run")))
                .as("a dry run runs nothing")
                .isFalse();
    }

    /** A run folder as deploy collects it: deploy.txt, the main host's trial.log and the trial's summary.md. */
    private Path collected(String name, int trialStatus, String summaryLine, String whyRows) throws IOException {
        Path run = dir.resolve(name);
        Files.createDirectories(run.resolve("hosts/edge-main"));
        Files.writeString(
                run.resolve("deploy.txt"),
                "run: 20261206-220813-1\ngitRevision: abc\nmain: alice@edge-main at 10.0.0.1:1099\n"
                        + "ues: bob@edge-ues at 10.0.0.2\ntrialStatus: " + trialStatus + "\nwallSeconds: 42\n");
        Files.writeString(
                run.resolve("hosts/edge-main/trial.log"), "trial tiny: containers join\n" + summaryLine + "\n");
        Files.writeString(
                run.resolve("summary.md"),
                "# trial\n\n## Why tasks failed\n\n| reason | tasks |\n|---|---|\n" + whyRows + "\n## Refusals\n");
        return run;
    }

    @Test
    void verdictJudgesACollectedRunAgainByTheSameRulesWithFailuresAcceptedOrNot() throws Exception {
        Path failed = collected(
                "failed",
                0,
                "trial tiny: 1 slots, 6 tasks, 4 completed, 2 failed, largest prediction gap 0.00, in 9.1 s; wrote x",
                "| no decision from the orchestrator within 40 ms | 2 |\n");
        Run r = script("--verdict", failed.toString());
        assertThat(r.rc()).as(r.err()).isEqualTo(1);
        assertThat(r.err())
                .contains("deploy: 2 of 6 tasks failed; the run is in " + failed
                        + " (--accept-failures to exit 0 anyway). Why:")
                .contains("| no decision from the orchestrator within 40 ms | 2 |");
        Run accepted = script("--verdict", failed.toString(), "--accept-failures");
        assertThat(accepted.rc()).as(accepted.err()).isZero();
        assertThat(accepted.err()).contains("deploy: 2 of 6 tasks failed (accepted: --accept-failures)");

        Path good = collected(
                "good",
                0,
                "trial tiny: 1 slots, 6 tasks, 6 completed, 0 failed, largest prediction gap 0.00, in 9.1 s; wrote x",
                "");
        Run g = script("--verdict", good.toString());
        assertThat(g.rc()).as(g.err()).isZero();
        assertThat(g.err()).contains("deploy: 6 tasks completed in 42 s; the run is in " + good);

        // a trial that ended badly fails even when its tasks would be accepted; so does a log without the summary line
        Path broken = collected("broken", 1, "trial tiny: 1 slots, 6 tasks, 6 completed, 0 failed, in 1 s", "");
        Run b = script("--verdict", broken.toString(), "--accept-failures");
        assertThat(b.rc()).isEqualTo(1);
        assertThat(b.err()).contains("the trial on edge-main ended with status 1");
        Path cut = collected("cut", 0, "trial tiny: containers joined", "");
        assertThat(script("--verdict", cut.toString()).err())
                .contains("the trial's summary line was not found in its output ("
                        + cut.resolve("hosts/edge-main/trial.log"));
        assertThat(script("--verdict", cut.toString()).rc()).isEqualTo(1);
    }

    @Test
    void verdictRefusesWhatIsNotACollectedRunAndRunFlagsBesideIt() throws Exception {
        Run none = script("--verdict", dir.resolve("nowhere").toString());
        assertThat(none.rc()).isEqualTo(2);
        assertThat(none.err()).contains("--verdict: '" + dir.resolve("nowhere") + "' is not a folder");
        Files.createDirectories(dir.resolve("empty"));
        Run empty = script("--verdict", dir.resolve("empty").toString());
        assertThat(empty.rc()).isEqualTo(2);
        assertThat(empty.err()).contains("has no deploy.txt: not a folder deploy collected a run into");
        Path good = collected("good", 0, "trial tiny: 1 slots, 6 tasks, 6 completed, 0 failed, in 1 s", "");
        Run more = deploy(HOSTS, "--verdict", good.toString(), "--scenario", "tiny");
        assertThat(more.rc()).isEqualTo(2);
        assertThat(more.err()).contains("--verdict takes only --accept-failures beside it (it runs nothing)");
        Run help = script("--help");
        assertThat(help.rc()).isZero();
        assertThat(help.out())
                .contains("deploy --verdict DIR [--accept-failures]")
                .doesNotContain("set -euo");
        assertThat(help.out().strip().lines().reduce((x, y) -> y).orElseThrow())
                .as("the help ends with its own last line, no line of the script")
                .contains("130 interrupted");
    }

    @Test
    void aTimingFlagAfterTheDoubleDashIsRefusedBecauseTheContainersWouldNotGetIt() throws Exception {
        Run r = deploy(HOSTS, "--scenario", "small", "--out", "x", "--dry-run", "--", "--server-ms", "9000");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err())
                .contains("give --server-ms to deploy itself, before --, so that every container gets it too");
        assertThat(deploy(HOSTS, "--scenario", "small", "--out", "x", "--dry-run", "--", "--port", "2")
                        .err())
                .contains("--port after -- would clash");
        assertThat(deploy(HOSTS, "--scenario", "small", "--out", "x", "--dry-run", "--collect-ms", "soon")
                        .err())
                .contains("--collect-ms must be a whole number of milliseconds, got 'soon'");
    }

    @Test
    void wifiGivesTheSlowLinkSettingsToTheTrialAndTheContainersUnlessAFlagSaysOtherwise() throws Exception {
        Run r = deploy(HOSTS, "--scenario", "small", "--out", "x", "--dry-run", "--wifi", "--server-ms", "9000");
        assertThat(r.rc()).as(r.err()).isZero();
        List<String> lines = r.out().lines().map(l -> l.replace("\\", "")).toList();
        String trial =
                lines.stream().filter(l -> l.contains(" trial ")).findFirst().orElseThrow();
        assertThat(trial)
                .contains(
                        "--server-ms 9000 --collect-ms 30000 --decision-ms 60000 --startup-ms 60000 --dropout-ms 30000")
                .doesNotContain("--server-ms 15000");
        assertThat(lines).filteredOn(l -> l.contains(" container ")).hasSize(2).allSatisfy(l -> assertThat(l)
                .contains("--server-ms 9000 --decision-ms 60000")
                .doesNotContain("--collect-ms")
                .doesNotContain("--startup-ms")
                .doesNotContain("--dropout-ms"));
    }

    @Test
    void theDropoutToleranceGoesToTheTrialOnlyAndOnlyFromDeployItself() throws Exception {
        Run r = deploy(HOSTS, "--scenario", "small", "--out", "x", "--dry-run", "--wifi", "--dropout-ms", "12000");
        assertThat(r.rc()).as(r.err()).isZero();
        List<String> lines = r.out().lines().map(l -> l.replace("\\", "")).toList();
        assertThat(lines.stream().filter(l -> l.contains(" trial ")).findFirst().orElseThrow())
                .contains("--dropout-ms 12000")
                .doesNotContain("--dropout-ms 30000");
        assertThat(lines).filteredOn(l -> l.contains(" container ")).hasSize(2).noneMatch(l -> l.contains("dropout"));
        assertThat(deploy(HOSTS, "--scenario", "small", "--out", "x", "--dry-run", "--", "--dropout-ms", "5")
                        .err())
                .contains("give --dropout-ms to deploy itself, before --");
        assertThat(deploy(HOSTS, "--scenario", "small", "--out", "x", "--dry-run", "--dropout-ms", "10s")
                        .err())
                .contains("--dropout-ms must be a whole number of milliseconds, got '10s'");
    }

    @Test
    void aHostListedTwiceWithTwoAddressesIsRefused() throws Exception {
        Run r = deploy("a u main 10.0.0.1\na u ues 10.0.0.2\n", "--scenario", "tiny", "--out", "x", "--dry-run");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("u@a is listed with two local addresses ('10.0.0.1' and '10.0.0.2')");
        Run same = deploy("a u main auto\na u ues auto\n", "--scenario", "tiny", "--out", "x", "--dry-run");
        assertThat(same.rc()).isZero();
        assertThat(same.out().lines().filter(l -> l.contains("pre-flight")).count())
                .as("one check per machine")
                .isEqualTo(1);
    }

    @Test
    void withOnlyAMainHostEveryAgentRunsThere() throws Exception {
        Run r = deploy(
                "solo me main 192.168.1.5\n",
                "--scenario",
                "tiny",
                "--out",
                dir.resolve("run").toString(),
                "--dry-run");
        assertThat(r.rc()).isZero();
        assertThat(r.out()).doesNotContain("container").doesNotContain("--remote");
    }

    @Test
    void aBadLineIsNamedByItsNumber() throws Exception {
        assertThat(deploy("a u main 1.1.1.1\nb u cloud 1.1.1.2\n", "--scenario", "tiny", "--out", "x", "--dry-run")
                        .err())
                .contains("line 2: role of 'b' must be main, ues or servers, got 'cloud'");
        assertThat(deploy("# c\na u main 1.1.1.1\nb u ues\n", "--scenario", "tiny", "--out", "x", "--dry-run")
                        .err())
                .contains("line 3: needs four fields HOST SSH_USER ROLE LOCAL_ADDRESS");
        assertThat(deploy("a u main 1.1.1.1\nb u main 1.1.1.2\n", "--scenario", "tiny", "--out", "x", "--dry-run")
                        .err())
                .contains("line 2: a second main host ('b')");
        assertThat(deploy(
                                "a u main 1.1.1.1\nb u ues 1.1.1.2\nc u ues 1.1.1.3\n",
                                "--scenario",
                                "tiny",
                                "--out",
                                "x",
                                "--dry-run")
                        .err())
                .contains("line 3: a second 'ues' host ('c')");
        assertThat(deploy("a u main 1.1.1.1 extra\n", "--scenario", "tiny", "--out", "x", "--dry-run")
                        .err())
                .contains("line 1: has more than four fields");
        assertThat(deploy("b u ues 1.1.1.2\n", "--scenario", "tiny", "--out", "x", "--dry-run")
                        .err())
                .contains("has no line with role main");
        Run bad = deploy("a u main 1.1.1.1\n", "--scenario", "tiny", "--out", "x", "--port", "70000", "--dry-run");
        assertThat(bad.rc()).isEqualTo(2);
        assertThat(bad.err()).contains("--port must be in [1, 65533] (the containers take the next two), got '70000'");
    }
}
