package org.lambo.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Hosts on this machine for integration tests: {@code testbed-scripts/testing/netns-hosts}, one network namespace per
 * host with its own sshd, user {@code lambo}, home, host name and /etc/hosts. {@link #close()} takes them down;
 * {@code up} first removes whatever an earlier run of the same name left, so a machine-wide lock per name (a file lock
 * under /tmp/netns-hosts, released by {@link #close()} or by the JVM's exit) makes a second build on the same machine
 * wait for the hosts instead of tearing down the ones a running test uses.
 */
final class NetnsHosts implements AutoCloseable {
    static final Path SCRIPT = Path.of("..", "testbed-scripts", "testing", "netns-hosts")
            .toAbsolutePath()
            .normalize();

    record Result(int rc, String out) {}

    private final String name;
    private final Path state;
    private final Map<String, String> addresses;
    private final java.nio.channels.FileChannel lock;

    private NetnsHosts(String name, Path state, Map<String, String> addresses, java.nio.channels.FileChannel lock) {
        this.name = name;
        this.state = state;
        this.addresses = addresses;
        this.lock = lock;
    }

    /** Holds the machine-wide lock of the hosts {@code name} (waits while another JVM holds it). */
    private static java.nio.channels.FileChannel lock(String name) throws IOException {
        Path dir = Path.of("/tmp/netns-hosts");
        Files.createDirectories(dir);
        java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(
                dir.resolve(name + ".lock"),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
        try {
            c.lock(); // released when the channel closes
            // netns-hosts sweep (run by testbed-scripts/test before a build) leaves the hosts of a live owner alone
            Files.writeString(
                    dir.resolve(name + ".owner"), ProcessHandle.current().pid() + "\n");
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Why namespace hosts cannot be built here (not root, no ip, sshd or unshare, namespaces refused), or null when
     * they can.
     */
    static String unavailable() {
        try {
            if (!run(30, "id", "-u").out().strip().equals("0"))
                return "not root: network namespaces and sshd on port 22 need root";
            for (String tool : List.of("ip", "unshare", "ssh", "ssh-keygen")) {
                if (run(30, "sh", "-c", "command -v " + tool).rc() != 0) return tool + " is not installed";
            }
            if (!Files.isExecutable(Path.of("/usr/sbin/sshd")))
                return "/usr/sbin/sshd is not installed (openssh-server)";
            String probe = "lbt-probe-" + ProcessHandle.current().pid();
            Result r = run(
                    30,
                    "sh",
                    "-c",
                    "ip netns add " + probe + " && ip netns exec " + probe + " true; rc=$?; ip netns del " + probe
                            + " 2>/dev/null; exit $rc");
            if (r.rc() != 0)
                return "network namespaces are not available here: " + r.out().strip();
            return null;
        } catch (IOException e) {
            return "cannot run the probes: " + e.getMessage();
        }
    }

    /**
     * The hosts of a test class ({@code @RegisterExtension static final NetnsHosts.PerClass hosts = ...}): built before
     * its first test, or the class skipped saying why they cannot be built here ({@link #upOrSkip}); taken down after
     * its last test, whether it passed or not.
     */
    static final class PerClass implements BeforeAllCallback, AfterAllCallback {
        private final String name;
        private final int octet;
        private final List<String> extra;
        private final String[] hostNames;
        private NetnsHosts hosts;

        /** As {@link #up}: hosts {@code hostNames} named {@code name} on 10.231.{@code octet}, {@code extra} flags. */
        PerClass(String name, int octet, List<String> extra, String... hostNames) {
            this.name = name;
            this.octet = octet;
            this.extra = List.copyOf(extra);
            this.hostNames = hostNames.clone();
        }

        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            hosts = upOrSkip(context.getRequiredTestClass().getSimpleName(), name, octet, extra, hostNames);
        }

        @Override
        public void afterAll(ExtensionContext context) throws IOException {
            NetnsHosts h = hosts;
            hosts = null;
            if (h != null) h.close();
        }

        /** The hosts, while the class's tests run. */
        NetnsHosts get() {
            if (hosts == null) throw new IllegalStateException("the hosts " + name + " are not up");
            return hosts;
        }
    }

    /**
     * {@link #up}, or skips the calling test class (a JUnit assumption, and a line on stderr) saying why namespace
     * hosts cannot be built here.
     */
    static NetnsHosts upOrSkip(String test, String name, int octet, List<String> extra, String... hosts)
            throws IOException {
        String why = unavailable();
        if (why != null) System.err.println(test + " skipped: " + why);
        Assumptions.assumeTrue(why == null, test + " needs network namespaces and sshd: " + why);
        return up(name, octet, extra, hosts);
    }

    /**
     * {@code netns-hosts up NAME HOST...} on subnet {@code 10.231.<octet>}; {@code extra} are more flags (e.g.
     * --no-java h4).
     */
    static NetnsHosts up(String name, int octet, List<String> extra, String... hosts) throws IOException {
        java.nio.channels.FileChannel lock = lock(name);
        try {
            return up(lock, name, octet, extra, hosts);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static NetnsHosts up(
            java.nio.channels.FileChannel lock, String name, int octet, List<String> extra, String... hosts)
            throws IOException {
        Path state = Path.of("/tmp/netns-hosts", name);
        List<String> cmd = new ArrayList<>(
                List.of("bash", SCRIPT.toString(), "up", "--state", state.toString(), "--subnet", "10.231." + octet));
        cmd.addAll(extra);
        cmd.add(name);
        cmd.addAll(List.of(hosts));
        Result r = run(180, cmd.toArray(String[]::new));
        if (r.rc() != 0) {
            run(120, "bash", SCRIPT.toString(), "down", name);
            throw new IOException("netns-hosts up failed (" + r.rc() + "): " + r.out());
        }
        Map<String, String> addresses = new LinkedHashMap<>();
        for (String line : Files.readAllLines(state.resolve("hosts"), StandardCharsets.UTF_8)) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2) addresses.put(f[0], f[1]);
        }
        return new NetnsHosts(name, state, addresses, lock);
    }

    Path sshConfig() {
        return state.resolve("ssh_config");
    }

    Path knownHosts() {
        return state.resolve("known_hosts");
    }

    String address(String host) {
        String a = addresses.get(host);
        if (a == null) throw new IllegalArgumentException("no host " + host);
        return a;
    }

    /** The namespace a host lives in (for {@code ip netns exec}). */
    String namespace(String host) {
        return "lbt-" + name + "-" + host;
    }

    /** The namespace between the bridge and the host {@code --behind-link} named: where its relay runs. */
    String linkNamespace() {
        return "lbt-" + name + "-link";
    }

    /**
     * Takes a host's link down or up again (the bridge's end of its veth pair): while it is down every packet to and
     * from the host is dropped and no connection is reset, as when its power or cable is cut.
     */
    void link(String host, boolean up) throws IOException {
        String a = address(host);
        int i = Integer.parseInt(a.substring(a.lastIndexOf('.') + 1)) - 10;
        Result r = run(30, "ip", "link", "set", "lbt" + name + "v" + i, up ? "up" : "down");
        if (r.rc() != 0) throw new IOException("ip link set " + (up ? "up" : "down") + " for " + host + ": " + r.out());
    }

    /** Runs {@code command} on {@code host} over ssh as its user. */
    Result ssh(String host, String command) throws IOException {
        return run(120, "ssh", "-F", sshConfig().toString(), host, command);
    }

    @Override
    public void close() throws IOException {
        try (lock) {
            Files.deleteIfExists(Path.of("/tmp/netns-hosts", name + ".owner"));
            Result r = run(180, "bash", SCRIPT.toString(), "down", name);
            if (r.rc() != 0) throw new IOException("netns-hosts down failed: " + r.out());
        }
    }

    /** Runs a command, its output and errors together, killed after {@code timeoutS}. */
    static Result run(long timeoutS, String... cmd) throws IOException {
        Path log = Files.createTempFile("netns-hosts", ".log");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            try {
                if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                    return new Result(
                            124,
                            "timed out after " + timeoutS + " s: " + String.join(" ", cmd) + "\n"
                                    + Files.readString(log));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted", e);
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
