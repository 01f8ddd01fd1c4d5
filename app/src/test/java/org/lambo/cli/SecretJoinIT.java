package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lambo.agents.platform.TrialSecret;
import org.lambo.agents.platform.TrialTlsPeer;
import org.lambo.agents.trial.SlotRecord;
import org.lambo.agents.trial.TrialResult;
import org.lambo.agents.trial.TrialSettings;
import org.lambo.ontology.TaskReport;
import org.lambo.scenario.ScenarioLoader;

/**
 * Who may join a trial, over real JVMs on loopback: a container without the trial's secret (another secret, none,
 * JADE's plain launcher, raw bytes) cannot join and says why in a line or two, and the trial runs on untouched with the
 * containers that hold it. (One trial per test class: JADE keeps static state per JVM.)
 */
class SecretJoinIT {
    /** The trial's start-up deadline: longer than the test's own waits for its JVMs, which fail first. */
    static final long STARTUP_MS = 900_000;

    @RegisterExtension
    final ChildJvmsExtension jvms = new ChildJvmsExtension();

    private CompletableFuture<TrialResult> trialInThisJvm(int port, int slots) {
        TrialSettings s = TrialSettings.builder(ScenarioLoader.load("small"))
                .seed(5)
                .slots(slots)
                .policy("nearest")
                .port(port)
                .remoteUes(true)
                .remoteServers(true)
                .secretFile(jvms.secret())
                .collectMs(10_000)
                .decisionMs(20_000)
                .serverMs(5_000)
                // generous: the trial's own containers start only once the intruders' three JVMs have ended (minutes
                // under load 40 on 2 cores, where 60 s failed in session 12); the test's own waits below fail first,
                // naming
                // the JVM that did not come up
                .startupMs(STARTUP_MS)
                .build();
        return jvms.trialHere(s);
    }

    @Test
    void onlyContainersHoldingTheTrialsSecretJoinAndTheOthersSayWhyInALineOrTwo() throws Exception {
        int port = ChildJvms.freePort();
        CompletableFuture<TrialResult> trial = trialInThisJvm(port, 2);
        ChildJvms.awaitListening("127.0.0.1", port);
        long refusedBefore = TrialTlsPeer.refusedConnections();

        // another trial's secret
        Path other = jvms.dir().resolve("other.secret");
        TrialSecret.generate().write(other);
        Process wrong = jvms.container("wrong.log", port, "ues", other, "small", 5);
        // no secret at all
        Process none = jvms.container("none.log", port, "ues", null, "small", 5);
        // JADE's own launcher, without the trial's transport (its agent would be free to ask the AMS to kill ue-0)
        Process boot = jvms.plainJadeBoot("boot.log", port, "intruder", "-agents", "intruder:jade.core.Agent");
        // raw bytes on the main container's port: at most a TLS alert comes back (record type 21), then the connection
        // is closed
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            raw.setSoTimeout(20_000);
            OutputStream out = raw.getOutputStream();
            out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] back;
            try {
                back = raw.getInputStream().readAllBytes();
            } catch (IOException e) {
                back = new byte[0]; // reset: nothing either
            }
            assertThat(back.length == 0 || back[0] == 21)
                    .as("the main container answers raw bytes with nothing but a TLS alert")
                    .isTrue();
            assertThat(back.length).isLessThanOrEqualTo(7);
        }

        ChildJvms.assertExits(wrong, ChildJvms.startupSeconds(120), ContainerCommand.NOT_JOINED);
        assertThat(jvms.lines("wrong.log")).hasSizeBetween(1, 2);
        assertThat(jvms.lines("wrong.log").get(0))
                .contains("could not join the trial at 127.0.0.1:" + port)
                .contains("holds another trial's secret");
        ChildJvms.assertExits(none, ChildJvms.startupSeconds(120), Lambo.BAD_INPUT);
        assertThat(jvms.lines("none.log")).hasSize(1);
        assertThat(jvms.lines("none.log").get(0)).contains("--secret-file").contains("LAMBO_SECRET_FILE");
        ChildJvms.exit(boot, ChildJvms.startupSeconds(120));
        assertThat(jvms.log("boot.log"))
                .doesNotContain("Agent container intruder")
                .contains("Some problem occurred while joining");
        // the plain launcher's and the raw connection's handshakes were refused by the main container
        long until = System.currentTimeMillis() + 30_000;
        while (TrialTlsPeer.refusedConnections() < refusedBefore + 2 && System.currentTimeMillis() < until)
            Thread.sleep(100);
        assertThat(TrialTlsPeer.refusedConnections() - refusedBefore).isGreaterThanOrEqualTo(2);

        // the trial's own containers join and every task completes: nothing of the intruders reached an agent
        Process ues = jvms.container(port, "ues");
        Process servers = jvms.container(port, "servers");
        jvms.awaitLine("ues.log", "joined 127.0.0.1:" + port);
        jvms.awaitLine("servers.log", "joined 127.0.0.1:" + port);
        TrialResult r = trial.get(240, TimeUnit.SECONDS);
        assertThat(r.slots()).extracting(SlotRecord::slot).containsExactly(0, 1);
        assertThat(r.slots()).flatExtracting(SlotRecord::reports).hasSize(20).allMatch(TaskReport::completed);
        ChildJvms.assertExits(ues, 60, 0);
        ChildJvms.assertExits(servers, 60, 0);
        assertThat(jvms.log("ues.log")).contains("joined 127.0.0.1:" + port);
    }
}
