package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code testbed-scripts/deploy} for real: four hosts built on this machine ({@link NetnsHosts}: network namespaces,
 * each with its own sshd, user, home and /etc/hosts), the trial's main container on one, the UEs' and the servers'
 * containers on two others, and a host with no java; then the UEs' host behind a slow, lossy link ({@link LossyLink},
 * in the namespace {@code netns-hosts --behind-link} builds).
 */
class DeployIT {
    static final Path DEPLOY =
            Path.of("..", "testbed-scripts", "deploy").toAbsolutePath().normalize();

    @RegisterExtension
    static final NetnsHosts.PerClass hosts = new NetnsHosts.PerClass(
            "dit",
            41,
            List.of("--no-java", "nojava", "--old-java", "oldjava", "--clock-skew", "skewed:300"),
            "main",
            "ues",
            "srv",
            "nojava",
            "oldjava",
            "skewed");

    @TempDir
    Path dir;

    record Run(int rc, String out) {}

    static Run deploy(Path hostsFile, Path sshConfig, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                "bash",
                DEPLOY.toString(),
                "--hosts",
                hostsFile.toString(),
                "--ssh-config",
                sshConfig.toString(),
                "--no-build"));
        cmd.addAll(List.of(args));
        long t0 = System.nanoTime();
        NetnsHosts.Result r = NetnsHosts.run(300, cmd.toArray(String[]::new));
        System.err.printf(
                "DeployIT: deploy %s: exit %d after %.1f s%n",
                String.join(" ", args), r.rc(), (System.nanoTime() - t0) / 1e9);
        return new Run(r.rc(), r.out());
    }

    /** {@code deploy --verdict RUN ARGS...}: judges a collected run again; runs nothing. */
    static Run verdict(Path run, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", DEPLOY.toString(), "--verdict", run.toString()));
        cmd.addAll(List.of(args));
        NetnsHosts.Result r = NetnsHosts.run(60, cmd.toArray(String[]::new));
        return new Run(r.rc(), r.out());
    }

    static List<String[]> rows(Path slotsCsv) throws IOException {
        List<String> lines = Files.readAllLines(slotsCsv, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(","));
        int outcome = header.indexOf("outcome");
        assertThat(outcome).isNotNegative();
        return lines.stream()
                .skip(1)
                .map(l -> new String[] {l.split(",")[outcome], l})
                .toList();
    }

    static String lamboJavas(String host) throws IOException {
        return hosts.get()
                .ssh(host, "ps -u lambo -o pid=,args= | grep '[a]pp/lambo.jar' || true")
                .out()
                .strip();
    }

    @Test
    void aDeployedTrialRunsAcrossThreeHostsCollectsEveryHostsLogsStopsLeftoversAndReusesTheLibraries()
            throws Exception {
        // main's own name resolves to 127.0.1.1 on main (the Debian default); srv's address is what ssh reached
        Path file = dir.resolve("hosts");
        Files.writeString(
                file,
                "main lambo main main\nues lambo ues " + hosts.get().address("ues") + "\nsrv lambo servers auto\n");
        Path out = dir.resolve("run");
        Run r = deploy(
                file,
                hosts.get().sshConfig(),
                "--scenario",
                "tiny",
                "--slots",
                "3",
                "--policy",
                "greedy",
                "--seed",
                "3",
                "--out",
                out.toString(),
                "--server-ms",
                "8000",
                "--decision-ms",
                "30000",
                "--join-timeout-ms",
                "60000",
                "--collect-ms",
                "8000");
        assertThat(r.rc()).as(r.out()).isZero();
        assertThat(r.out())
                .contains("main: ok, reached at " + hosts.get().address("main"))
                .contains("srv: ok, reached at " + hosts.get().address("srv"))
                .contains("18 tasks completed");
        List<String[]> rows = rows(out.resolve("slots.csv"));
        assertThat(rows)
                .hasSize(3 * 6)
                .allSatisfy(row -> assertThat(row[0]).as(row[1]).isEqualTo("completed"));
        String deployTxt = Files.readString(out.resolve("deploy.txt"));
        String revision = deployTxt
                .lines()
                .filter(l -> l.startsWith("gitRevision: "))
                .findFirst()
                .orElseThrow()
                .substring("gitRevision: ".length());
        assertThat(Files.readString(out.resolve("run.json"))).contains("\"gitRevision\" : \"" + revision + "\"");
        NetnsHosts.Result head =
                NetnsHosts.run(30, "git", "-C", DEPLOY.getParent().toString(), "rev-parse", "HEAD");
        if (head.rc() == 0) assertThat(revision).startsWith(head.out().strip());
        assertThat(Files.readString(out.resolve("run.json")))
                .contains("\"--server-ms\", \"8000\"")
                .contains("\"--host\", \"" + hosts.get().address("main") + "\"");
        assertThat(Files.readString(out.resolve("hosts/ues/container-ues.log")))
                .contains("with 0 edge servers and 6 UEs of tiny");
        assertThat(Files.readString(out.resolve("hosts/srv/container-servers.log")))
                .contains("with 2 edge servers and 0 UEs of tiny");
        assertThat(Files.readString(out.resolve("hosts/main/trial.log"))).contains("18 completed, 0 failed");
        // the round-trip tables name the address each container joined from, as the main container saw it
        String summary = Files.readString(out.resolve("summary.md"));
        assertThat(TrialAcrossJvmsIT.row(summary, "| container lambo-ues |")[12])
                .isEqualTo(hosts.get().address("ues"));
        assertThat(TrialAcrossJvmsIT.row(summary, "| container lambo-servers |")[7])
                .as("greedy offloads some of tiny's tasks in 3 slots")
                .isEqualTo(hosts.get().address("srv"));
        for (String h : List.of("main", "ues", "srv"))
            assertThat(lamboJavas(h)).as("lambo left running on " + h).isEmpty();

        // a container an earlier run left behind is stopped; the libraries are not copied again (failures and
        // --accept-failures: the lossy-link test, where a link's delay makes them certain)
        NetnsHosts.Result left = hosts.get()
                .ssh(
                        "ues",
                        "cd lambo-deploy && { nohup java -jar app/lambo.jar trial --scenario tiny --slots 1 --remote ues"
                                + " --startup-ms 600000 --decision-ms 600000 --host 127.0.0.1 --port 1299 --out runs/earlier > /dev/null 2>&1 < /dev/null & echo $! > pids/earlier-trial.pid; }");
        assertThat(left.rc()).as(left.out()).isZero();
        assertThat(lamboJavas("ues")).isNotEmpty();
        Path again = dir.resolve("again");
        Run r2 = deploy(
                file,
                hosts.get().sshConfig(),
                "--scenario",
                "tiny",
                "--slots",
                "1",
                "--policy",
                "greedy",
                "--seed",
                "3",
                "--out",
                again.toString());
        assertThat(r2.rc()).as(r2.out()).isZero();
        assertThat(r2.out()).contains("deploy: 6 tasks completed");
        assertThat(r2.out())
                .contains("ues: stopped 1 process(es) an earlier deploy left running")
                .contains("main: lambo.jar and lib/ are up to date")
                .contains("ues: lambo.jar and lib/ are up to date")
                .contains("srv: lambo.jar and lib/ are up to date")
                .doesNotContain("copying");
        assertThat(rows(again.resolve("slots.csv"))).hasSize(6);
        assertThat(Files.readString(again.resolve("deploy.txt")))
                .doesNotContain(Files.readString(out.resolve("deploy.txt"))
                        .lines()
                        .findFirst()
                        .orElseThrow());
    }

    @Test
    void thePreFlightNamesTheHostWithNoJavaAnOldJavaASkewedClockAnUnknownKeyAndTheBusyPortAndStartsNothing()
            throws Exception {
        Path knownHosts = dir.resolve("known_hosts");
        Files.write(
                knownHosts,
                Files.readAllLines(hosts.get().knownHosts()).stream()
                        .filter(l -> !l.startsWith("srv,"))
                        .toList());
        Path config = dir.resolve("ssh_config");
        Files.writeString(
                config,
                Files.readString(hosts.get().sshConfig())
                        .replace(hosts.get().knownHosts().toString(), knownHosts.toString()));
        Path file = dir.resolve("hosts");
        Files.writeString(file, "main lambo main main\nnojava lambo ues auto\nsrv lambo servers auto\n");
        // something else holds the main container's port on main (a listener started there, not by deploy)
        Process squatter = LossyLink.start(
                hosts.get().namespace("main"), dir.resolve("link.log"), "--ports", "1099", "--delay-ms", "0");
        Run r;
        try {
            r = deploy(
                    file,
                    config,
                    "--scenario",
                    "tiny",
                    "--out",
                    dir.resolve("run").toString());
        } finally {
            LossyLink.stop(squatter);
        }
        assertThat(r.rc()).as(r.out()).isEqualTo(3);
        assertThat(r.out())
                .contains("nojava: no usable java")
                .contains("srv: its host key is not known here (ssh said: Host key verification failed)")
                .contains("main: port 1099 is already in use there (the main container needs it)")
                .contains("pre-flight failed; nothing was started")
                .doesNotContain("main: no usable java");
        assertThat(dir.resolve("run")).doesNotExist();
        assertThat(hosts.get().ssh("nojava", "ls lambo-deploy/app 2>&1 || true").out())
                .doesNotContain("lambo.jar");

        // a java on the PATH that says it is 11, and a clock 5 minutes ahead (netns-hosts --old-java, --clock-skew)
        Path old = dir.resolve("old-hosts");
        Files.writeString(old, "main lambo main main\noldjava lambo ues auto\nskewed lambo servers auto\n");
        Run o = deploy(
                old,
                hosts.get().sshConfig(),
                "--scenario",
                "tiny",
                "--out",
                dir.resolve("old").toString());
        assertThat(o.rc()).as(o.out()).isEqualTo(3);
        assertThat(o.out())
                .contains(
                        "oldjava: java is version 11 (openjdk version \"11.0.22\" 2024-01-16); lambo needs 17 or later")
                .containsPattern(
                        "skewed: its clock is (29|30)\\d{4} ms off this machine's \\(more than --max-skew-ms 2000\\)")
                .contains("pre-flight failed; nothing was started")
                .doesNotContain("main: java is version")
                .doesNotContain("main: its clock");
        assertThat(dir.resolve("old")).doesNotExist();
    }

    @Test
    void behindASlowLossyLinkTasksCompleteWithWifiSettingsAndFiftyUesAndALateUeFailsDeployUnlessAccepted()
            throws Exception {
        try (NetnsHosts lossy = NetnsHosts.up("dil", 42, List.of("--behind-link", "ues"), "main", "ues", "srv")) {
            Path linkLog = dir.resolve("link.log");
            Process link = LossyLink.start(
                    lossy.linkNamespace(),
                    linkLog,
                    "--ports",
                    "22,1099-1101",
                    "--delay-ms",
                    "50",
                    "--loss",
                    "0.1",
                    "--loss-delay-ms",
                    "200-400",
                    "--seed",
                    "7");
            try {
                assertThat(LossyLink.awaitLine(link, linkLog, "lossy link ready on "))
                        .contains("on 4 ports");
                Path file = dir.resolve("hosts");
                Files.writeString(file, "main lambo main auto\nues lambo ues ues\nsrv lambo servers srv\n");
                Path out = dir.resolve("lossy");
                Run r = deploy(
                        file,
                        lossy.sshConfig(),
                        "--scenario",
                        "tiny",
                        "--slots",
                        "3",
                        "--policy",
                        "greedy",
                        "--seed",
                        "3",
                        "--out",
                        out.toString(),
                        "--wifi");
                assertThat(r.rc()).as(r.out()).isZero();
                assertThat(rows(out.resolve("slots.csv")))
                        .hasSize(18)
                        .allSatisfy(row -> assertThat(row[0]).as(row[1]).isEqualTo("completed"));
                assertThat(Files.readString(out.resolve("hosts/ues/container-ues.log")))
                        .contains("with 0 edge servers and 6 UEs of tiny");
                assertThat(Files.readString(out.resolve("run.json"))).contains("\"--collect-ms\", \"30000\"");

                // 50 UEs behind the link with the default timing: the orchestrator's collection window stays open while
                // their
                // requests still come in (one round trip apart), so no request is refused as late and deploy exits 0
                Path paper = dir.resolve("paper");
                Run p = deploy(
                        file,
                        lossy.sshConfig(),
                        "--scenario",
                        "paper",
                        "--slots",
                        "1",
                        "--policy",
                        "greedy",
                        "--seed",
                        "3",
                        "--out",
                        paper.toString());
                assertThat(p.rc()).as(p.out()).isZero();
                assertThat(rows(paper.resolve("slots.csv")))
                        .hasSize(50)
                        .allSatisfy(row -> assertThat(row[0]).as(row[1]).isEqualTo("completed"));

                // a decision wait shorter than the link's round trip (a request asked after its slot was decided is
                // decided late, so a short collection window alone no longer fails a task): every task fails, deploy
                // says so
                Run late = deploy(
                        file,
                        lossy.sshConfig(),
                        "--scenario",
                        "tiny",
                        "--slots",
                        "1",
                        "--policy",
                        "greedy",
                        "--seed",
                        "3",
                        "--out",
                        dir.resolve("late").toString(),
                        "--collect-ms",
                        "10",
                        "--server-ms",
                        "30",
                        "--decision-ms",
                        "40");
                assertThat(late.rc()).as(late.out()).isEqualTo(1);
                assertThat(late.out())
                        .contains("6 of 6 tasks failed")
                        .contains("--accept-failures to exit 0 anyway")
                        .contains("no decision from the orchestrator within 40 ms");
                // the same run judged again from its collected folder (no second trial): the same verdict, and with the
                // failures accepted exit 0, still saying how many failed
                Run again = verdict(dir.resolve("late"));
                assertThat(again.rc()).as(again.out()).isEqualTo(1);
                assertThat(again.out())
                        .contains("6 of 6 tasks failed")
                        .contains("no decision from the orchestrator within 40 ms");
                Run accepted = verdict(dir.resolve("late"), "--accept-failures");
                assertThat(accepted.rc()).as(accepted.out()).isZero();
                assertThat(accepted.out()).contains("deploy: 6 of 6 tasks failed (accepted: --accept-failures)");
                PrintStream control = new PrintStream(link.getOutputStream(), true);
                control.println("stats");
                assertThat(LossyLink.awaitLine(link, linkLog, "stats: "))
                        .as("the UEs' traffic crossed the link, some of it held back as lost")
                        .matches("stats: \\d+ connections, \\d+ chunks, [1-9]\\d* held back as lost");
            } finally {
                LossyLink.stop(link);
            }
        }
    }
}
