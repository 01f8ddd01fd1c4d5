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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lambo.agents.orchestrator.OrchestratorAgent;
import org.lambo.cli.log.RunLog;

/**
 * A greedy trial of tiny (seed 3, {@code --decision-ms 30000 --server-ms 15000}) across namespace hosts, for the
 * integration tests of links and hosts that fail: its main container in this JVM on the hosts' bridge, its edge
 * servers' container in a child JVM of this machine ({@link #servers}), its UEs' container in a child JVM on the host
 * {@code ues} of {@link NetnsHosts} ({@link #ues}), the trial itself run here ({@link #run}) while the test watches
 * what the orchestrator and the platform log. A test of a link puts a {@link LossyLink} in front of the UEs' host
 * ({@link #link}), compares its rows with those of the same trial in one JVM ({@link #calmRows},
 * {@link #assertRowsAsInOneJvm}) and collects the late decisions ({@link LateDecisions}).
 */
final class NetnsTrial {
    private NetnsTrial() {}

    /**
     * A {@link LossyLink} running in front of a host {@code --behind-link} named, and the stream its commands go to
     * ({@code cut}, {@code hold PORT MS}, {@code down MS}, {@code stats}); its output is in {@link #log}. Closing it
     * ends it.
     */
    record Link(Process process, PrintStream control, Path log) implements AutoCloseable {
        /** Sends the link a command. */
        void tell(String command) {
            control.println(command);
        }

        @Override
        public void close() throws InterruptedException {
            LossyLink.stop(process);
        }
    }

    /**
     * Starts the link of {@code hosts} on the ports {@code mainPort} to {@code mainPort + ports - 1} with these
     * {@code flags} ({@code --delay-ms}, {@code --loss}, {@code --seed} ...), its log {@code dir/link.log}; returns
     * once it listens.
     */
    static Link link(NetnsHosts hosts, Path dir, int mainPort, int ports, String... flags)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--ports", mainPort + "-" + (mainPort + ports - 1)));
        args.addAll(List.of(flags));
        Path log = dir.resolve("link.log");
        Process p = LossyLink.start(hosts.linkNamespace(), log, args.toArray(String[]::new));
        return new Link(p, new PrintStream(p.getOutputStream(), true, StandardCharsets.UTF_8), log);
    }

    /**
     * Runs the trial of {@link #inOneJvm} with {@code --slots slots} in a child JVM ({@code calm.log}; JADE keeps one
     * platform per JVM), writing to {@code dir/calm}, checks that it succeeded and returns its slots.csv: the rows a
     * trial across hosts must give where nothing was decided late.
     */
    static List<String> calmRows(ChildJvms jvms, Path dir, int slots) throws IOException, InterruptedException {
        Path calm = dir.resolve("calm");
        Process p = jvms.start(
                "calm.log", "org.lambo.cli.Lambo", inOneJvm(calm, "--slots", Integer.toString(slots), "--port", "0"));
        assertThat(ChildJvms.exit(p, 300))
                .as(String.join("\n", jvms.lines("calm.log")))
                .isZero();
        return Files.readAllLines(calm.resolve("slots.csv"));
    }

    /**
     * Asserts that {@code rows} (a slots.csv) has as many rows as {@code calmRows} and, but for the slots in
     * {@code lateSlots} (a late decision is taken alone, on what the slot left), the same rows in the same order.
     */
    static void assertRowsAsInOneJvm(List<String> rows, List<String> calmRows, Set<String> lateSlots) {
        assertThat(rows).hasSameSizeAs(calmRows);
        assertThat(rows.stream().filter(l -> !lateSlots.contains(l.split(",", 2)[0])))
                .as("the rows of the slots without a late decision (late: " + lateSlots + ") are those in one JVM")
                .containsExactlyElementsOf(calmRows.stream()
                        .filter(l -> !lateSlots.contains(l.split(",", 2)[0]))
                        .toList());
    }

    /**
     * The late decisions the orchestrator logs while a trial runs ({@code "ue-i asked in slot N after it was decided
     * ..., decided late ...: DECISION"}), collected from the logging thread: give it the records of {@link #run}'s
     * watcher.
     */
    static final class LateDecisions {
        private static final Pattern LATE =
                Pattern.compile(".* ue-(\\d+) asked in slot (\\d+) after it was decided .* decided late .*: (.*)");

        /** One late decision: the UE, its slot, what it was given ("local" or "server-j share s") and the line. */
        record Late(int ue, String slot, String decision, String line) {}

        private final List<Late> seen = Collections.synchronizedList(new ArrayList<>());
        private final Set<String> slots = ConcurrentHashMap.newKeySet();

        /** Takes a record if it tells of a late decision; whether it did. */
        boolean accept(RunLog.Line r) {
            Matcher m = LATE.matcher(r.message());
            if (!m.matches()) return false;
            slots.add(m.group(2));
            seen.add(new Late(Integer.parseInt(m.group(1)), m.group(2), m.group(3), r.message()));
            return true;
        }

        /** The late decisions so far, in the order logged. */
        List<Late> seen() {
            synchronized (seen) {
                return List.copyOf(seen);
            }
        }

        /** The slots with a late decision so far. */
        Set<String> slots() {
            return slots;
        }

        /** The lines logged, for a test's messages. */
        List<String> lines() {
            return seen().stream().map(Late::line).toList();
        }
    }

    /** Runs {@code r} in a daemon thread after {@code ms} (a link's command once the decisions are on their way). */
    static void later(long ms, Runnable r) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                return;
            }
            r.run();
        });
        t.setDaemon(true);
        t.start();
    }

    /**
     * The UEs' container in the namespace of host {@code ues}, joining the main container at {@code mainHost:mainPort}
     * with the trial's secret and listening on the host's address and {@code localPort}, then {@code more} flags; its
     * output goes to {@code dir/ues.log}, JADE's files to {@code dir/jade-ues}.
     */
    static Process ues(
            NetnsHosts hosts, Path dir, String mainHost, int mainPort, Path secret, int localPort, String... more)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                hosts.namespace("ues"),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Djava.awt.headless=true",
                "org.lambo.cli.Lambo",
                "container",
                "--main-host",
                mainHost,
                "--main-port",
                Integer.toString(mainPort),
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
                secret.toString(),
                "--local-host",
                hosts.address("ues"),
                "--local-port",
                Integer.toString(localPort)));
        cmd.addAll(List.of(more));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("ues.log").toFile())
                .start();
    }

    /**
     * The edge servers' container in a child JVM of this machine, joining the main container at
     * {@code mainHost:mainPort} (an address of this machine: the hosts' bridge) and listening there on {@code mainPort
     * + 2}; its output goes to {@code servers.log}.
     */
    static Process servers(ChildJvms jvms, String mainHost, int mainPort) throws IOException {
        return jvms.container(
                List.of(),
                "servers.log",
                mainHost,
                mainPort,
                "servers",
                jvms.secret(),
                "tiny",
                3,
                "--local-host",
                mainHost,
                "--local-port",
                Integer.toString(mainPort + 2));
    }

    /** The dropout tolerance of {@link #runWithDropouts}'s trial ({@code --dropout-ms}). */
    static final long DROPOUT_MS = 8_000;

    /**
     * The trial of the dropout tests ({@code DropoutIT}, {@code SilentHostIT}): the servers' container from
     * {@code jvms} ({@link #servers}), the UEs' container on the host {@code ues} of {@code hosts} ({@link #ues},
     * listening on {@code mainPort + 1}, its output in the folder of {@code jvms}, then {@code uesFlags}), handed to
     * {@code uesStarted} before the trial starts; then five slots run here ({@link #run}, {@code --collect-ms 3000
     * --dropout-ms} {@link #DROPOUT_MS}) while {@code watch} sees what is logged. After the trial the UEs' JVM has
     * {@code uesGraceSeconds} to end before it is killed, the servers' 30 s. The command's exit code.
     */
    static int runWithDropouts(
            ChildJvms jvms,
            NetnsHosts hosts,
            String mainHost,
            int mainPort,
            Path out,
            Consumer<RunLog.Line> watch,
            Consumer<Process> uesStarted,
            long uesGraceSeconds,
            String... uesFlags)
            throws IOException, InterruptedException {
        Process servers = servers(jvms, mainHost, mainPort);
        Process ues = ues(hosts, jvms.dir(), mainHost, mainPort, jvms.secret(), mainPort + 1, uesFlags);
        uesStarted.accept(ues);
        try {
            return run(
                    watch,
                    mainHost,
                    mainPort,
                    jvms.secret(),
                    out,
                    "--slots",
                    "5",
                    "--collect-ms",
                    "3000",
                    "--dropout-ms",
                    Long.toString(DROPOUT_MS));
        } finally {
            if (!ues.waitFor(uesGraceSeconds, TimeUnit.SECONDS)) ChildJvms.kill(ues);
            if (!servers.waitFor(30, TimeUnit.SECONDS)) ChildJvms.kill(servers);
        }
    }

    /**
     * Asserts that a dropout trial's summary.md lists a dropout of {@code lambo-ues} the main container rode out
     * ("answered again: kept") and one after which it removed the container.
     */
    static void assertOneKeptAndOneRemovedListed(String summary) {
        assertThat(summary)
                .containsPattern("\\| lambo-ues \\| \\S+Z \\| \\d+ \\| answered again: kept \\| .+ \\|")
                .containsPattern("\\| lambo-ues \\| \\S+Z \\| \\d+ \\| removed \\(--dropout-ms\\) \\| .+ \\|");
    }

    /**
     * Asserts that the rows of {@code rows} (a slots.csv) whose slot matches {@code slots} (a regular expression) are
     * {@code count} and each ends as gone with its removed container ("ue-i is gone: its container lambo-ues was
     * removed"), not at the slot's deadline.
     */
    static void assertGoneWithTheirContainer(List<String> rows, String slots, int count, String as) {
        assertThat(rows.stream().filter(l -> l.matches(slots + ",.*")))
                .as(as)
                .hasSize(count)
                .allMatch(l -> l.matches(".*ue-\\d is gone: its container lambo-ues was removed.*"), "gone");
    }

    /** The arguments of the trial all in one JVM, writing to {@code out}, then {@code more}. */
    static String[] inOneJvm(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "trial",
                "--scenario",
                "tiny",
                "--seed",
                "3",
                "--policy",
                "greedy",
                "--decision-ms",
                "30000",
                "--server-ms",
                "15000",
                "--out",
                out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /**
     * Runs the trial in this JVM, its main container at {@code mainHost:mainPort} and its UEs and servers joining from
     * other JVMs, then {@code more} flags; every record the orchestrator and the platform log while it runs goes to
     * {@code watch} at once, in the logging thread (a test acts on what they say: a slot decided, a container lost).
     * The command's exit code.
     */
    static int run(Consumer<RunLog.Line> watch, String mainHost, int mainPort, Path secret, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(inOneJvm(out)));
        args.addAll(List.of(
                "--host",
                mainHost,
                "--port",
                Integer.toString(mainPort),
                "--remote",
                "ues,servers",
                "--secret-file",
                secret.toString()));
        args.addAll(List.of(more));
        String orchestrator = OrchestratorAgent.class.getName();
        RunLog.Watch watching = RunLog.watch(r -> {
            if (r.message() != null
                    && (r.logger().equals(orchestrator) || r.logger().equals(PLATFORM_LOG))) watch.accept(r);
        });
        try {
            return Lambo.commandLine().execute(args.toArray(String[]::new));
        } finally {
            watching.close();
        }
    }

    /** The logger of the platform's own lines (a container lost, kept, removed). */
    static final String PLATFORM_LOG = "org.lambo.platform";

    private static final Pattern DECIDED = Pattern.compile(".*slot (\\d+) decided after .*");

    /**
     * The slot whose decision the orchestrator logs as it sends it ({@code "slot N decided after"}: in its thread,
     * before the decisions go out), or -1 for any other record.
     */
    static int decided(RunLog.Line r) {
        Matcher m = DECIDED.matcher(r.message());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
