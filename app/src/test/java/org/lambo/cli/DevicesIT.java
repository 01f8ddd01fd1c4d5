package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code testbed-scripts/devices} for real against three hosts built on this machine
 * ({@code testbed-scripts/testing/netns-hosts}: network namespaces, each with its own sshd, user {@code lambo}, home
 * and /etc/hosts; no systemd there and no sudo), with the shipped secured broker ({@code broker setup}: TLS, passwords,
 * the per-device ACL, client ids tied to user names): status before install says {@code not installed}; install picks
 * the plain service on every host; {@code devices trial} starts the broker and the three real {@code lambo-device.jar}
 * devices, runs the trial (every task completes, the devices' tasks measured), collects each device's log and stops
 * them; status then says {@code stopped}; start and stop work again, and no device process is left. Skips where the
 * hosts cannot be built (not root, no namespaces, no sshd, or the netns-hosts script is not in this tree) or mosquitto,
 * mosquitto_passwd or openssl is missing.
 */
class DevicesIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path NETNS = ROOT.resolve("testbed-scripts/testing/netns-hosts");
    private static final Path DEVICES = ROOT.resolve("testbed-scripts/devices");
    private static final Path BROKER = ROOT.resolve("testbed-scripts/broker");
    private static final String NAME = "dvit";
    private static final String SUBNET = "10.231.43";

    @TempDir
    Path dir;

    @Test
    void devicesInstallTrialCollectStatusStartAndStopOnHostsWithoutSystemdOrSudo() throws Exception {
        String why = unavailable();
        Assumptions.assumeTrue(why == null, "DevicesIT needs namespace hosts, mosquitto and openssl: " + why);
        Path state = Path.of("/tmp/netns-hosts", NAME);
        NetnsHosts.Result up = NetnsHosts.run(
                240,
                "bash",
                NETNS.toString(),
                "up",
                "--state",
                state.toString(),
                "--subnet",
                SUBNET,
                NAME,
                "pia",
                "pib",
                "srv");
        try {
            assertThat(up.rc()).as(up.out()).isZero();
            Path ssh = state.resolve("ssh_config");
            Path hosts = Files.writeString(
                    dir.resolve("lab.hosts"), "pia lambo ue pi-01\npib lambo ue pi-02\nsrv lambo server jetson-01\n");
            Path list = dir.resolve("lab.devices");
            NetnsHosts.Result map = devices(ssh, hosts, "map");
            assertThat(map.rc()).as(map.out()).isZero();
            Files.writeString(list, map.out());
            int port;
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("0.0.0.0", 0));
                port = s.getLocalPort();
            }
            Path setup = dir.resolve("broker");
            NetnsHosts.Result made = NetnsHosts.run(
                    120,
                    "bash",
                    BROKER.toString(),
                    "setup",
                    "--devices",
                    list.toString(),
                    "--dir",
                    setup.toString(),
                    "--host",
                    SUBNET + ".1",
                    "--port",
                    Integer.toString(port));
            assertThat(made.rc()).as(made.out()).isZero();
            String broker = "ssl://" + SUBNET + ".1:" + port;

            NetnsHosts.Result before = devices(ssh, hosts, "status");
            assertThat(before.rc()).isEqualTo(1);
            assertThat(before.out())
                    .containsPattern("pi-01 +ue +lambo@pia +not installed")
                    .containsPattern("jetson-01 +server +lambo@srv +not installed");

            NetnsHosts.Result install = devices(
                    ssh,
                    hosts,
                    "install",
                    "--broker",
                    broker,
                    "--tls-ca",
                    setup.resolve("ca.crt").toString(),
                    "--credentials",
                    setup.resolve("credentials").toString(),
                    "--testbed",
                    "dv",
                    "--scale",
                    "1e-3");
            assertThat(install.rc()).as(install.out()).isZero();
            assertThat(install.out())
                    .contains("pi-01: plain service", "pi-02: plain service", "jetson-01: plain service");

            Path out = dir.resolve("trial");
            NetnsHosts.Result trial = devices(
                    ssh,
                    hosts,
                    "trial",
                    "--broker",
                    broker,
                    "--start-broker",
                    setup.toString(),
                    "--testbed",
                    "dv",
                    "--scale",
                    "1e-3",
                    "--scenario",
                    "tiny",
                    "--slots",
                    "3",
                    "--policy",
                    "greedy",
                    "--seed",
                    "3",
                    "--out",
                    out.toString());
            assertThat(trial.rc()).as(trial.out()).isZero();
            List<String> rows = Files.readAllLines(out.resolve("run/slots.csv"), StandardCharsets.UTF_8);
            assertThat(rows).hasSize(1 + 3 * 6);
            String summary = Files.readString(out.resolve("run/summary.md"));
            assertThat(summary)
                    .contains("**Every device stayed online. Completed tasks: 18, measured on devices: ")
                    .doesNotContain("NaN")
                    .contains("| jetson-01 | server 1 | online (connected) |", "| pi-02 | UE 1 | online (connected) |");
            for (String id : List.of("pi-01", "pi-02", "jetson-01")) {
                assertThat(Files.readString(out.resolve("devices/" + id + ".log")))
                        .as(id + "'s log")
                        .contains("online at " + broker);
            }

            NetnsHosts.Result after = devices(ssh, hosts, "status");
            assertThat(after.rc()).isEqualTo(1);
            assertThat(after.out())
                    .containsPattern("pi-01 +ue +lambo@pia +stopped \\(plain\\)")
                    .containsPattern("jetson-01 +server +lambo@srv +stopped \\(plain\\)");

            assertThat(devices(ssh, hosts, "start").rc()).isZero();
            NetnsHosts.Result running = devices(ssh, hosts, "status");
            assertThat(running.rc()).as(running.out()).isZero();
            assertThat(running.out()).containsPattern("pi-02 +ue +lambo@pib +running \\(plain, pid [0-9]+\\)");
            NetnsHosts.Result stop = devices(ssh, hosts, "stop");
            assertThat(stop.rc()).as(stop.out()).isZero();
            for (String h : List.of("pia", "pib", "srv")) {
                NetnsHosts.Result ps = NetnsHosts.run(
                        60, "ssh", "-F", ssh.toString(), h, "ps -u lambo -o args= | grep '[l]ambo-device' || true");
                assertThat(ps.out().strip()).as("a device left running on " + h).isEmpty();
            }
        } finally {
            NetnsHosts.run(240, "bash", NETNS.toString(), "down", "--state", state.toString(), NAME);
        }
    }

    private NetnsHosts.Result devices(Path sshConfig, Path hosts, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(
                List.of("bash", DEVICES.toString(), "--ssh-config", sshConfig.toString(), "--hosts", hosts.toString()));
        cmd.addAll(List.of(args));
        return NetnsHosts.run(400, cmd.toArray(String[]::new));
    }

    /** Why the test cannot run here, or null. */
    private static String unavailable() throws IOException {
        if (!Files.isRegularFile(NETNS)) return NETNS + " is not in this tree";
        if (!NetnsHosts.run(30, "id", "-u").out().strip().equals("0")) return "not root";
        for (String tool : List.of("ip", "unshare", "ssh", "ssh-keygen", "mosquitto", "mosquitto_passwd", "openssl")) {
            if (NetnsHosts.run(30, "sh", "-c", "command -v " + tool + " || test -x /usr/sbin/" + tool)
                            .rc()
                    != 0) return tool + " is not installed";
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/sshd"))) return "/usr/sbin/sshd is not installed";
        String probe = "lbt-probe-" + ProcessHandle.current().pid();
        NetnsHosts.Result r = NetnsHosts.run(
                30,
                "sh",
                "-c",
                "ip netns add " + probe + " && ip netns exec " + probe + " true; rc=$?; ip netns del " + probe
                        + " 2>/dev/null; exit $rc");
        return r.rc() == 0
                ? null
                : "network namespaces are not available: " + r.out().strip();
    }
}
