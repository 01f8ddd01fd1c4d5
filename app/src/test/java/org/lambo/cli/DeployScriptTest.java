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
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString(), "--hosts", hosts.toString()));
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
