package org.lambo.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lambo.agents.orchestrator.OrchestratorAgent;

/**
 * A greedy trial of tiny (seed 3, {@code --decision-ms 30000 --server-ms 15000}) across namespace hosts, for the
 * integration tests of links and hosts that fail: its main container in this JVM on the hosts' bridge, its edge
 * servers' container in a child JVM of this machine ({@link #servers}), its UEs' container in a child JVM on the host
 * {@code ues} of {@link NetnsHosts} ({@link #ues}), the trial itself run here ({@link #run}) while the test watches
 * what the orchestrator and the platform log.
 */
final class NetnsTrial {
    private NetnsTrial() {}

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
    static int run(Consumer<LogRecord> watch, String mainHost, int mainPort, Path secret, Path out, String... more) {
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
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getMessage() != null) watch.accept(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger orchestrator = Logger.getLogger(OrchestratorAgent.class.getName());
        Logger platform = Logger.getLogger(PLATFORM_LOG);
        orchestrator.addHandler(handler);
        platform.addHandler(handler);
        try {
            return Lambo.commandLine().execute(args.toArray(String[]::new));
        } finally {
            orchestrator.removeHandler(handler);
            platform.removeHandler(handler);
        }
    }

    /** The logger of the platform's own lines (a container lost, kept, removed). */
    static final String PLATFORM_LOG = "org.lambo.platform";

    private static final Pattern DECIDED = Pattern.compile(".*slot (\\d+) decided after .*");

    /**
     * The slot whose decision the orchestrator logs as it sends it ({@code "slot N decided after"}: in its thread,
     * before the decisions go out), or -1 for any other record.
     */
    static int decided(LogRecord r) {
        Matcher m = DECIDED.matcher(r.getMessage());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
