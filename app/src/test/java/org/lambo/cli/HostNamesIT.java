package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Host names as Debian sets them up: a main host name that resolves to 127.0.1.1 runs the trial (with a warning) and
 * the main container listens on that address only; peripheral containers listen on the pinned ports above the main's;
 * an address that is not this machine's is refused in one line. Every JVM here is a child, resolving names through its
 * own hosts file ({@code -Djdk.net.hosts.file}).
 */
class HostNamesIT {
    @RegisterExtension
    final ChildJvmsExtension jvms = new ChildJvmsExtension();

    @Test
    void aMainHostNameThatResolvesTo127011RunsTheTrialListeningOnThatAddressOnly() throws Exception {
        Path hosts = jvms.dir().resolve("hosts");
        Files.writeString(hosts, "127.0.1.1 edge-main\n");
        List<String> debian = List.of("-Djdk.net.hosts.file=" + hosts);
        int port = ChildJvms.freePort();
        Process trial = jvms.remoteTrial(debian, "trial.log", port, 2, "--host", "edge-main");
        ChildJvms.awaitListening(trial, "127.0.1.1", port);
        assertThat(ChildJvms.answers("127.0.0.1", port))
                .as("the main container listens on 127.0.1.1 only, not on every interface")
                .isFalse();
        Process ues = jvms.container(debian, "ues.log", "edge-main", port, "ues", jvms.secret(), "small", 5);
        Process servers =
                jvms.container(debian, "servers.log", "edge-main", port, "servers", jvms.secret(), "small", 5);
        ChildJvms.assertExits(trial, 240, 0);
        String out = jvms.log("trial.log");
        assertThat(out)
                .contains("--host edge-main resolves to 127.0.1.1 here, a loopback address")
                .contains("20 completed, 0 failed");
        ChildJvms.assertExits(ues, 60, 0);
        ChildJvms.assertExits(servers, 60, 0);
        // the trial told both that it ended before it killed the platform: a link that drops first is that end, not a
        // main container that is gone (exit 3; TrialEndTest)
        assertThat(jvms.log("ues.log")).contains("container lambo-ues: the trial has ended");
        assertThat(jvms.log("servers.log")).contains("container lambo-servers: the trial has ended");
        // peripheral containers listen on the pinned ports above the main's, on the address of their route to it
        String jade = Files.readString(
                        jvms.dir().resolve("jade-ues.log").resolve("lambo-ues").resolve("jade.log"))
                + Files.readString(jvms.dir()
                        .resolve("jade-servers.log")
                        .resolve("lambo-servers")
                        .resolve("jade.log"));
        assertThat(jade).contains("jicp://127.0.0.1:" + (port + 1)).contains("jicp://127.0.0.1:" + (port + 2));
    }

    @Test
    void aMainHostThatIsNotThisMachinesIsRefusedInOneLine() throws Exception {
        Process trial = jvms.start(
                "trial.log",
                "org.lambo.cli.Lambo",
                "trial",
                "--scenario",
                "tiny",
                "--slots",
                "1",
                "--out",
                jvms.dir().resolve("run").toString(),
                "--host",
                "192.0.2.7");
        ChildJvms.assertExits(trial, 120, Lambo.BAD_INPUT);
        assertThat(jvms.lines("trial.log")).hasSize(1);
        assertThat(jvms.lines("trial.log").get(0))
                .contains("--host 192.0.2.7 resolves to 192.0.2.7, not an address of this machine");
    }
}
