package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.orchestrator.OrchestratorAgent;

/**
 * WiFi dropouts do not remove a container; a killed one is still removed. The trial's main container in this JVM, the
 * edge servers' container in a child JVM on this machine, the UEs' container in a child JVM on a host behind a slow,
 * lossy link ({@link NetnsHosts} {@code --behind-link}, {@link LossyLink}: 100 ms each way, a tenth of the chunks held
 * back 100-300 ms more), {@code --dropout-ms 8000}. As slot 1 is decided the link closes every connection three times,
 * 100 ms apart (within a round trip: JADE alone pinged once more at once and removed the container); as slot 2 is
 * decided the link goes down for 5 s (every connection closed, every new one reset). Every task of slots 0 to 3
 * completes, and the main container says it kept the container. As slot 4 is decided the UEs' JVM is killed: within the
 * tolerance the container is removed, and every task of slot 4 fails with "ue-i is gone: its container lambo-ues was
 * removed" (not at the slot's deadline, 47 s); the trial completes.
 */
class DropoutIT {
    static final int PORT = 1299;
    static final long DROPOUT_MS = 8_000;
    static NetnsHosts hosts;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildTheHosts() throws IOException {
        String why = NetnsHosts.unavailable();
        if (why != null) System.err.println("DropoutIT skipped: " + why);
        Assumptions.assumeTrue(why == null, "DropoutIT needs network namespaces: " + why);
        hosts = NetnsHosts.up("dro", 57, List.of("--behind-link", "ues"), "ues");
    }

    @AfterAll
    static void takeThemDown() throws IOException {
        if (hosts != null) hosts.close();
    }

    @Test
    void dropoutsShorterThanTheToleranceRemoveNoContainerAndAKilledOneIsStillRemoved() throws Exception {
        String main = "10.231.57.1";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process link = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        "lbt-dro-link",
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        LossyLink.class.getName(),
                        "--ports",
                        PORT + "-" + (PORT + 2),
                        "--delay-ms",
                        "100",
                        "--loss",
                        "0.1",
                        "--loss-delay-ms",
                        "100-300",
                        "--seed",
                        "5")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("link.log").toFile())
                .start();
        PrintStream control = new PrintStream(link.getOutputStream(), true, StandardCharsets.UTF_8);
        List<String> platform = Collections.synchronizedList(new ArrayList<>());
        List<String> decided = Collections.synchronizedList(new ArrayList<>());
        List<Process> uesJvm = Collections.synchronizedList(new ArrayList<>());
        Handler watch = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String m = r.getMessage();
                if (m == null) return;
                if (r.getLoggerName().equals("org.lambo.platform")) platform.add(m);
                if (!m.matches(".*slot [124] decided after.*")) return;
                decided.add(m);
                String slot = m.replaceAll(".*slot ([124]) decided after.*", "$1");
                if (slot.equals("4")) { // at once, in the orchestrator's thread: its decisions take 100 ms to cross
                    uesJvm.forEach(Process::destroyForcibly);
                    return;
                }
                // once the decisions are on their way (the servers confirm within ms, the link holds each chunk 100 ms)
                later(100, () -> {
                    switch (slot) {
                        case "1" -> {
                            for (int k = 0; k < 3; k++) {
                                control.println("cut");
                                pause(100);
                            }
                        }
                        default -> control.println("down 5000");
                    }
                    control.println("stats");
                });
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger orchestratorLog = Logger.getLogger(OrchestratorAgent.class.getName());
        Logger platformLog = Logger.getLogger("org.lambo.platform");
        try (ChildJvms jvms = new ChildJvms(dir)) {
            awaitLine(link, "lossy link ready on ");
            Process servers = jvms.container(
                    List.of(),
                    "servers.log",
                    main,
                    PORT,
                    "servers",
                    jvms.secret(),
                    "tiny",
                    3,
                    "--local-host",
                    main,
                    "--local-port",
                    Integer.toString(PORT + 2));
            uesJvm.add(new ProcessBuilder(List.of(
                            "ip",
                            "netns",
                            "exec",
                            hosts.namespace("ues"),
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            "-Djava.awt.headless=true",
                            "org.lambo.cli.Lambo",
                            "container",
                            "--main-host",
                            main,
                            "--main-port",
                            Integer.toString(PORT),
                            "--agents",
                            "ues",
                            "--scenario",
                            "tiny",
                            "--seed",
                            "3",
                            "--dir",
                            dir.resolve("jade-ues").toString(),
                            "--decision-ms",
                            "30000",
                            "--server-ms",
                            "15000",
                            "--secret-file",
                            jvms.secret().toString(),
                            "--local-host",
                            hosts.address("ues"),
                            "--local-port",
                            Integer.toString(PORT + 1)))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("ues.log").toFile())
                    .start());
            orchestratorLog.addHandler(watch);
            platformLog.addHandler(watch);
            Path out = dir.resolve("trial");
            int rc;
            try {
                rc = Lambo.commandLine()
                        .execute(
                                "trial",
                                "--scenario",
                                "tiny",
                                "--seed",
                                "3",
                                "--slots",
                                "5",
                                "--policy",
                                "greedy",
                                "--decision-ms",
                                "30000",
                                "--server-ms",
                                "15000",
                                "--collect-ms",
                                "3000",
                                "--dropout-ms",
                                Long.toString(DROPOUT_MS),
                                "--out",
                                out.toString(),
                                "--host",
                                main,
                                "--port",
                                Integer.toString(PORT),
                                "--remote",
                                "ues,servers",
                                "--secret-file",
                                jvms.secret().toString());
            } finally {
                orchestratorLog.removeHandler(watch);
                platformLog.removeHandler(watch);
                for (Process p : uesJvm) if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
                if (!servers.waitFor(30, TimeUnit.SECONDS)) servers.destroyForcibly();
            }
            String summary = Files.readString(out.resolve("summary.md"));
            String said = String.join("\n", platform);
            System.err.println("DropoutIT: the platform said\n" + said + "\nthe orchestrator said " + decided);
            assertThat(rc)
                    .as(summary + "\n" + String.join("\n", jvms.lines("ues.log")))
                    .isZero();
            assertThat(decided)
                    .as("the link was cut, then down, then the UEs were killed")
                    .hasSize(3);
            assertThat(Files.readString(dir.resolve("link.log"))).contains("down for 5000 ms", "stats: ");
            assertThat(platform)
                    .as("the main container lost the UEs' container in the dropouts and kept it: " + said)
                    .anyMatch(m -> m.matches("the container .* answers again after \\d+ ms; it was kept"));
            assertThat(platform.stream().filter(m -> m.contains("it is removed from the platform")))
                    .as("removed once, after the kill, after the tolerance: " + said)
                    .singleElement()
                    .matches(m -> m.matches("the container .* has not answered for \\d+ ms \\(--dropout-ms 8000\\).*"));
            assertThat(summary).contains("tasks: 30, completed: 24, failed: 6").doesNotContain("NaN");
            List<String> rows = Files.readAllLines(out.resolve("slots.csv"));
            assertThat(rows.stream().filter(l -> l.matches("[0-3],.*")))
                    .as("slots 0 to 3: every task completed through the dropouts")
                    .hasSize(24)
                    .noneMatch(l -> l.contains("gone"));
            assertThat(rows.stream().filter(l -> l.startsWith("4,")))
                    .as("slot 4: the killed container's tasks end as gone, not at the slot's deadline")
                    .hasSize(6)
                    .allMatch(l -> l.matches(".*ue-\\d is gone: its container lambo-ues was removed.*"), "gone");
        } finally {
            link.destroy();
            if (!link.waitFor(10, TimeUnit.SECONDS)) link.destroyForcibly();
        }
    }

    private static void later(long ms, Runnable r) {
        Thread t = new Thread(() -> {
            pause(ms);
            r.run();
        });
        t.setDaemon(true);
        t.start();
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String awaitLine(Process p, String prefix) throws IOException, InterruptedException {
        Path log = dir.resolve("link.log");
        long until = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < until) {
            for (String l : Files.readAllLines(log)) if (l.startsWith(prefix)) return l;
            assertThat(p.isAlive())
                    .as("the lossy link is running: " + Files.readString(log))
                    .isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError(
                "no line '" + prefix + "...' from the lossy link within 60 s: " + Files.readString(log));
    }
}
