package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code testbed-scripts/devices}: its hosts-file parser, every command it would run (dry run), and an install run for
 * real against a stand-in device (ssh, scp and sudo replaced by local scripts that act in a sandbox): the remote
 * commands are valid shell and leave a settings file and a unit that systemd accepts.
 */
class DevicesScriptTest {
    private static final Path SCRIPT =
            Path.of("..", "testbed-scripts", "devices").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Run(int rc, String out, String err) {}

    private Run devices(String hostsFile, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, hostsFile);
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString(), "--hosts", hosts.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    private Run devices(String hostsFile, String... args) throws IOException, InterruptedException {
        return devices(hostsFile, Map.of(), args);
    }

    private static final String HOSTS = """
            # the lab's devices
            pi-a.lab   pi      ue      pi-01
            pi-b.lab   pi      ue      pi-02   /opt/jdk-17/bin/java   # a second UE

            10.0.0.31  nvidia  server  jetson-01
            """;

    private static String unquoted(String line) {
        return line.replace("\\", "");
    }

    @Test
    void aDryRunInstallCopiesTheJarAndWritesEachDevicesSettingsAndUnit() throws Exception {
        Run r = devices(
                HOSTS,
                "--dry-run",
                "install",
                "--broker",
                "ssl://edge.lab:8883",
                "--tls-ca",
                "b/ca.crt",
                "--credentials",
                "b/credentials",
                "--testbed",
                "lab1",
                "--scale",
                "1e-3");
        assertThat(r.err()).isEmpty();
        assertThat(r.rc()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).allMatch(l -> l.startsWith("+ "));
        assertThat(lines)
                .filteredOn(l -> l.startsWith("+ scp")
                        && l.contains("lambo-device.jar")
                        && l.contains("lambo-device@.service")
                        && l.contains("b/ca.crt"))
                .hasSize(3);
        assertThat(lines).anyMatch(l -> l.contains("b/credentials/pi-02 pi@pi-b.lab:lambo-device/pi-02.pw"));
        String pi02 = unquoted(lines.stream()
                .filter(l -> l.contains("pi@pi-b.lab") && l.contains("LAMBO_ARGS"))
                .findFirst()
                .orElseThrow());
        assertThat(pi02)
                .contains("\"LAMBO_JAVA=/opt/jdk-17/bin/java\"")
                .contains(
                        "\"LAMBO_ARGS=--role ue --broker ssl://edge.lab:8883 --testbed lab1 --scale 1e-3 --tls-ca $d/ca.crt --username pi-02 --password-file $d/pi-02.pw\"")
                .contains("sudo tee /etc/systemd/system/lambo-device@.service")
                .contains("sudo systemctl enable lambo-device@pi-02.service");
        String jetson = unquoted(lines.stream()
                .filter(l -> l.contains("nvidia@10.0.0.31") && l.contains("LAMBO_ARGS"))
                .findFirst()
                .orElseThrow());
        assertThat(jetson).contains("--role server").contains("LAMBO_JAVA=java\"");
        assertThat(lines).anyMatch(l -> unquoted(l)
                .contains("pi@pi-b.lab mkdir -p lambo-device && /opt/jdk-17/bin/java -version"));
    }

    @Test
    void aDryRunTrialStartsTheBrokerAndTheDevicesRunsTheTrialThenCollectsAndStops() throws Exception {
        Path out = dir.resolve("trial");
        Run r = devices(
                HOSTS,
                "--dry-run",
                "trial",
                "--broker",
                "ssl://edge.lab:8883",
                "--start-broker",
                "b",
                "--scenario",
                "small",
                "--slots",
                "4",
                "--policy",
                "greedy",
                "--seed",
                "7",
                "--testbed",
                "lab1",
                "--out",
                out.toString(),
                "--",
                "--collect-ms",
                "9000");
        assertThat(r.err()).isEmpty();
        assertThat(r.rc()).isZero();
        List<String> lines = r.out().lines().map(DevicesScriptTest::unquoted).toList();
        int broker = indexOf(lines, "testbed-scripts/broker start --dir b");
        int started = indexOf(lines, "lambo-device/lambo-device-ctl start jetson-01");
        int trial = indexOf(lines, "testbed-scripts/lambo trial");
        int journal = indexOf(lines, "lambo-device/lambo-device-ctl log pi-02");
        int stopped = indexOf(lines, "lambo-device/lambo-device-ctl stop pi-01");
        assertThat(List.of(broker, started, trial, journal, stopped))
                .as("in this order")
                .isSorted()
                .doesNotContain(-1);
        assertThat(lines.get(trial))
                .contains("trial --scenario small --slots 4 --policy greedy --seed 7 --out " + out + "/run --devices "
                        + out + "/devices.list")
                .contains(
                        "--broker ssl://edge.lab:8883 --device-testbed lab1 --device-scale 1 --broker-tls-ca b/ca.crt")
                .contains(
                        "--broker-username lambo-bridge --broker-password-file b/credentials/lambo-bridge --collect-ms 9000");
        assertThat(r.out())
                .contains("    pi-01 ue pi@pi-a.lab\n    pi-02 ue pi@pi-b.lab\n    jetson-01 server nvidia@10.0.0.31\n")
                .contains("> " + out + "/devices/jetson-01.log");
        assertThat(Files.exists(out)).as("a dry run runs nothing").isFalse();
    }

    @Test
    void theDevicesListIsTheTrialsDevicesFile() throws Exception {
        Run r = devices(HOSTS, "map");
        assertThat(r.rc()).isZero();
        Path list = dir.resolve("devices.list");
        Files.writeString(list, r.out());
        org.lambo.agents.bridge.DeviceMap m = org.lambo.agents.bridge.DeviceMap.read(list);
        assertThat(m.ues()).containsExactly("pi-01", "pi-02");
        assertThat(m.servers()).containsExactly("jetson-01");
    }

    @Test
    void aBadLineOrFlagIsNamedWithItsLineFieldAndValue() throws Exception {
        assertThat(devices("a pi ue pi-01\nb pi robot x\n", "--dry-run", "start")
                        .err())
                .contains("line 2: ROLE of 'x' must be ue or server, got 'robot'");
        assertThat(devices("# c\na pi ue\n", "--dry-run", "start").err())
                .contains("line 2: needs HOST SSH_USER ROLE DEVICE_ID [JAVA]");
        assertThat(devices("a pi ue pi/01\n", "--dry-run", "start").err())
                .contains("line 1: DEVICE_ID 'pi/01' must be 1 to 64 of [A-Za-z0-9_.-]");
        assertThat(devices("a pi ue pi-01\nb pi server pi-01\n", "--dry-run", "start")
                        .err())
                .contains("line 2: DEVICE_ID 'pi-01' is already on an earlier line");
        assertThat(devices("a pi ue pi-01 java extra\n", "--dry-run", "start").err())
                .contains("line 1: has more than five fields");
        assertThat(devices("a Pi! ue pi-01\n", "--dry-run", "start").err())
                .contains("line 1: SSH_USER 'Pi!' is not a user name");
        assertThat(devices("a pi ue pi-01 'java;rm'\n", "--dry-run", "start").err())
                .contains("line 1: JAVA ''java;rm'' is not a command or path");
        assertThat(devices("# nothing\n", "--dry-run", "start").err()).contains("lists no device");
        Run url = devices("a pi ue pi-01\n", "--dry-run", "install", "--broker", "http://edge:80");
        assertThat(url.rc()).isEqualTo(2);
        assertThat(url.err()).contains("--broker must be tcp://HOST:PORT or ssl://HOST:PORT, got 'http://edge:80'");
        assertThat(devices("a pi ue pi-01\n", "--dry-run", "install", "--broker", "ssl://edge:8883")
                        .err())
                .contains("an ssl:// broker needs --tls-ca FILE");
        assertThat(devices(
                                "a pi ue pi-01\n",
                                "--dry-run",
                                "install",
                                "--broker",
                                "tcp://edge:1883",
                                "--tls-ca",
                                "ca.crt")
                        .err())
                .contains("--tls-ca is for an ssl:// broker, but --broker is 'tcp://edge:1883'");
        assertThat(devices("a pi ue pi-01\n", "--dry-run", "install", "--broker", "tcp://edge:1883", "--scale", "2")
                        .err())
                .contains("--scale must be a number in (0, 1], got '2'");
        assertThat(devices("a pi ue pi-01\n", "--dry-run", "trial", "--broker", "tcp://edge:1883", "--out", "x")
                        .err())
                .contains("trial needs --scenario");
        assertThat(devices("a pi ue pi-01\n", "--dry-run", "fly").err()).contains("unknown argument 'fly'");
    }

    /** The install for real, against this machine standing in for a device: ssh, scp and sudo act in a sandbox. */
    @Test
    void anInstallLeavesASettingsFileAndAUnitThatSystemdAccepts() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path sandbox = Files.createDirectories(dir.resolve("device"));
        Path home = Files.createDirectories(sandbox.resolve("home"));
        // ssh [opts] TARGET COMMAND: the command runs here, in the sandbox's home
        fake(
                bin,
                "ssh",
                "while [ \"${1#-}\" != \"$1\" ]; do shift 2; done; shift; cd \"$SANDBOX/home\" && HOME=\"$SANDBOX/home\" PATH=\"$PATH\" bash -c \"$*\"");
        // scp [opts] -q SOURCES... TARGET:PATH: copies into the sandbox's home
        fake(
                bin,
                "scp",
                "args=(); while [ $# -gt 0 ]; do case \"$1\" in -o) shift 2 ;; -q) shift ;; *) args+=(\"$1\"); shift ;; esac; done;"
                        + " to=\"${args[-1]#*:}\"; unset 'args[-1]'; case \"$to\" in */) mkdir -p \"$SANDBOX/home/$to\" ;; esac; cp \"${args[@]}\" \"$SANDBOX/home/$to\"");
        // sudo tee /etc/...: into the sandbox's etc; sudo systemctl ...: logged
        fake(
                bin,
                "sudo",
                "case \"$1\" in tee) mkdir -p \"$SANDBOX$(dirname \"$2\")\"; cat > \"$SANDBOX$2\" ;; systemctl) echo \"$*\" >> \"$SANDBOX/systemctl.log\" ;; *) exit 9 ;; esac");
        Path creds = Files.createDirectories(dir.resolve("credentials"));
        Files.writeString(creds.resolve("pi-01"), "s3cret\n");
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        Path jar = Files.writeString(dir.resolve("lambo-device.jar"), "not really a jar");
        Map<String, String> env = Map.of(
                "PATH",
                bin + ":" + System.getenv("PATH"),
                "SANDBOX",
                sandbox.toString(),
                "LAMBO_DEVICE_JAR",
                jar.toString());

        Run r = devices(
                "localhost tester ue pi-01\n",
                env,
                "install",
                "--broker",
                "ssl://edge.lab:8883",
                "--tls-ca",
                ca.toString(),
                "--credentials",
                creds.toString(),
                "--testbed",
                "lab1",
                "--service",
                "systemd");
        assertThat(r.rc()).as(r.err()).isZero();
        Path d = home.resolve("lambo-device");
        assertThat(d.resolve("lambo-device.jar")).hasContent("not really a jar");
        assertThat(d.resolve("ca.crt")).exists();
        assertThat(Files.readString(d.resolve("pi-01.pw"))).isEqualTo("s3cret\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.resolve("pi-01.pw"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.resolve("pi-01.env"))))
                .isEqualTo("rw-------");
        assertThat(Files.readAllLines(d.resolve("pi-01.env")))
                .containsExactly(
                        "LAMBO_JAVA=java",
                        "LAMBO_ARGS=--role ue --broker ssl://edge.lab:8883 --testbed lab1 --scale 1 --tls-ca " + d
                                + "/ca.crt --username pi-01 --password-file " + d + "/pi-01.pw");
        // the unit runs `lambo-device.jar --id %i $LAMBO_ARGS`: the device runtime's own parser takes those flags
        String args = Files.readAllLines(d.resolve("pi-01.env")).get(1).substring("LAMBO_ARGS=".length());
        List<String> argv = new ArrayList<>(List.of("--id", "pi-01"));
        argv.addAll(List.of(args.split(" ")));
        picocli.CommandLine.ParseResult parsed =
                new picocli.CommandLine(new DeviceCommand()).parseArgs(argv.toArray(String[]::new));
        assertThat(parsed.matchedOptionValue("--broker", "")).isEqualTo("ssl://edge.lab:8883");
        assertThat(parsed.matchedOptionValue("--password-file", Path.of(""))).isEqualTo(d.resolve("pi-01.pw"));
        Path unit = sandbox.resolve("etc/systemd/system/lambo-device@.service");
        String text = Files.readString(unit);
        assertThat(text)
                .doesNotContain("@USER@", "@DIR@")
                .contains(
                        "WorkingDirectory=" + d + "\n",
                        "EnvironmentFile=" + d + "/%i.env\n",
                        "ExecStart=/usr/bin/env ${LAMBO_JAVA} -jar " + d + "/lambo-device.jar --id %i $LAMBO_ARGS\n");
        assertThat(Files.readAllLines(sandbox.resolve("systemctl.log")))
                .containsExactly("systemctl daemon-reload", "systemctl enable lambo-device@pi-01.service");
        assertThat(d.resolve("pi-01.mode")).hasContent("systemd");

        Path analyze = Path.of("/usr/bin/systemd-analyze");
        if (Files.isExecutable(
                analyze)) { // where systemd's tools are here: the unit, as instance pi-01, must verify cleanly
            Path instance = Files.writeString(
                    dir.resolve("lambo-device@pi-01.service"), text.replaceFirst("User=\\S+", "User=root"));
            Process p = new ProcessBuilder(analyze.toString(), "verify", instance.toString())
                    .redirectErrorStream(true)
                    .start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(said).as("systemd-analyze verify").isEmpty();
            assertThat(p.exitValue()).isZero();
        }
    }

    /**
     * A host without systemd and without sudo (this machine, standing in for a device over a fake ssh): install picks
     * the plain service; start runs the device detached; status tells running, stopped, not installed and unreachable
     * apart; collect brings the log and fails, naming the device, when there is none; stop closes the device with
     * SIGTERM.
     */
    @Test
    void withoutSystemdOrSudoTheDeviceRunsAsAPlainServiceAndStatusAndCollectTellTheTruth() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path sandbox = Files.createDirectories(dir.resolve("device"));
        Path home = Files.createDirectories(sandbox.resolve("home"));
        fake(
                bin,
                "ssh",
                "while [ \"${1#-}\" != \"$1\" ]; do shift 2; done; target=\"$1\"; shift;"
                        + " case \"$target\" in *@down.lab) echo \"ssh: connect to host down.lab port 22: Connection refused\" >&2; exit 255 ;; esac;"
                        + " cd \"$SANDBOX/home\" && HOME=\"$SANDBOX/home\" PATH=\"$PATH\" bash -c \"$*\"");
        fake(
                bin,
                "scp",
                "args=(); while [ $# -gt 0 ]; do case \"$1\" in -o) shift 2 ;; -q) shift ;; *) args+=(\"$1\"); shift ;; esac; done;"
                        + " to=\"${args[-1]#*:}\"; unset 'args[-1]'; case \"$to\" in */) mkdir -p \"$SANDBOX/home/$to\" ;; esac; cp \"${args[@]}\" \"$SANDBOX/home/$to\"");
        // a stand-in for java: says its version, else runs as a device until SIGTERM
        Path java = sandbox.resolve("java");
        Files.writeString(
                java,
                "#!/usr/bin/env bash\nif [ \"${1:-}\" = -version ]; then echo 'openjdk version \"17.0.9\" 2023-10-17'; exit 0; fi\n"
                        + "echo \"device up: $*\"\ntrap 'echo \"closed cleanly\"; exit 143' TERM\nwhile true; do sleep 0.2; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.writeString(dir.resolve("lambo-device.jar"), "not really a jar");
        String path = bin + ":/usr/bin:/bin"; // no sudo there (nor on this machine), and PID 1 is not systemd
        Map<String, String> env =
                Map.of("PATH", path, "SANDBOX", sandbox.toString(), "LAMBO_DEVICE_JAR", jar.toString());
        String one = "localhost tester ue pi-01 " + java + "\n";
        String two = one + "down.lab tester server srv-01\n";
        Path d = home.resolve("lambo-device");
        try {
            Run before = devices(two, env, "status");
            assertThat(before.rc()).isEqualTo(1);
            assertThat(before.out())
                    .containsPattern("pi-01 +ue +tester@localhost +not installed")
                    .containsPattern(
                            "srv-01 +server +tester@down.lab +unreachable \\(ssh: connect to host down.lab port 22: Connection refused\\)");

            Run install = devices(one, env, "install", "--broker", "tcp://edge.lab:1883", "--testbed", "lab1");
            assertThat(install.rc()).as(install.err()).isZero();
            assertThat(install.out() + install.err()).contains("pi-01: plain service");
            assertThat(d.resolve("pi-01.mode")).hasContent("plain");

            Run start = devices(one, env, "start");
            assertThat(start.rc()).as(start.err()).isZero();
            Run running = devices(two, env, "status");
            assertThat(running.out()).containsPattern("pi-01 +ue +tester@localhost +running \\(plain, pid [0-9]+\\)");
            assertThat(running.rc()).as("srv-01 is unreachable").isEqualTo(1);
            assertThat(devices(one, env, "status").rc()).as("every device runs").isZero();

            Path out = dir.resolve("collected");
            Run collect = devices(one, env, "collect", "--out", out.toString());
            assertThat(collect.rc()).as(collect.err()).isZero();
            assertThat(out.resolve("devices/pi-01.log"))
                    .content()
                    .contains(
                            "device up: -jar " + d
                                    + "/lambo-device.jar --id pi-01 --role ue --broker tcp://edge.lab:1883 --testbed lab1 --scale 1");

            Run stop = devices(one, env, "stop");
            assertThat(stop.rc()).as(stop.err()).isZero();
            assertThat(d.resolve("pi-01.log")).content().contains("closed cleanly", "pi-01 exited with status 143");
            Run stopped = devices(one, env, "status");
            assertThat(stopped.rc()).isEqualTo(1);
            assertThat(stopped.out()).containsPattern("pi-01 +ue +tester@localhost +stopped \\(plain\\)");

            Files.delete(d.resolve("pi-01.log"));
            Run none = devices(two, env, "collect", "--out", out.toString());
            assertThat(none.rc()).isEqualTo(1);
            assertThat(none.err())
                    .contains(
                            "no log from pi-01 on tester@localhost: no log of pi-01: " + d
                                    + "/pi-01.log is missing or empty",
                            "no log from srv-01 on tester@down.lab: ssh: connect to host down.lab port 22: Connection refused");
        } finally {
            devices(one, env, "stop"); // never leave the stand-in running
        }
    }

    private static void fake(Path bin, String name, String body) throws IOException {
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/usr/bin/env bash\nset -euo pipefail\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static int indexOf(List<String> lines, String part) {
        for (int k = 0; k < lines.size(); k++) if (lines.get(k).contains(part)) return k;
        return -1;
    }
}
