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

/**
 * Hosts on this machine for integration tests: {@code testbed-scripts/testing/netns-hosts}, one network namespace per
 * host with its own sshd, user {@code lambo}, home, host name and /etc/hosts. {@link #close()} takes them down;
 * {@code up} first removes whatever an earlier run of the same name left.
 */
final class NetnsHosts implements AutoCloseable {
    static final Path SCRIPT = Path.of("..", "testbed-scripts", "testing", "netns-hosts")
            .toAbsolutePath()
            .normalize();

    record Result(int rc, String out) {}

    private final String name;
    private final Path state;
    private final Map<String, String> addresses;

    private NetnsHosts(String name, Path state, Map<String, String> addresses) {
        this.name = name;
        this.state = state;
        this.addresses = addresses;
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
     * {@code netns-hosts up NAME HOST...} on subnet {@code 10.231.<octet>}; {@code extra} are more flags (e.g.
     * --no-java h4).
     */
    static NetnsHosts up(String name, int octet, List<String> extra, String... hosts) throws IOException {
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
        return new NetnsHosts(name, state, addresses);
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

    /** Runs {@code command} on {@code host} over ssh as its user. */
    Result ssh(String host, String command) throws IOException {
        return run(120, "ssh", "-F", sshConfig().toString(), host, command);
    }

    @Override
    public void close() throws IOException {
        Result r = run(180, "bash", SCRIPT.toString(), "down", name);
        if (r.rc() != 0) throw new IOException("netns-hosts down failed: " + r.out());
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
