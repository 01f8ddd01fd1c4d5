package org.lambo.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jade.core.Profile;
import jade.core.ProfileImpl;
import jade.imtp.leap.ICPException;
import jade.mtp.TransportAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The main container's heartbeat (JADE's short node ping, each second per container) goes over one kept TLS connection,
 * not a handshake each (before: a one-shot connection per ping, 36 % of the trial JVM's CPU samples at 10,000 UEs), and
 * still finds a container gone: two {@link TrialTlsPeer}s with the trial's secret over loopback, the JICP layer under
 * JADE's containers (containers of one JVM talk without it, so the peers are driven directly); the other side answers
 * every command as a container does.
 */
class HeartbeatConnectionTest {
    private static final byte[] PING = {0, 0, 0, TrialTlsPeer.PING_NODE_NONBLOCKING, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] HANGING_PING = {0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0};

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static TrialTlsPeer peer(String secretId, int port, AtomicInteger commands) throws ICPException {
        Profile p = new ProfileImpl(false);
        // JADE's JICP server reads its address under the peer's id
        p.setParameter("hb-" + Profile.LOCAL_HOST, "127.0.0.1");
        p.setParameter("hb-" + Profile.LOCAL_PORT, Integer.toString(port));
        p.setParameter(TrialTlsPeer.SECRET_ID, secretId);
        p.setParameter(TrialTlsPeer.PORTS, "1");
        TrialTlsPeer peer = new TrialTlsPeer();
        peer.activate(
                command -> {
                    commands.incrementAndGet();
                    return new byte[] {1, 2, 3};
                },
                "hb",
                p);
        return peer;
    }

    @Test
    void heartbeatsReuseOneConnectionAndStillFindTheContainerGone() throws Exception {
        String secretId = TrialTlsPeer.register(TrialSecret.generate());
        AtomicInteger served = new AtomicInteger();
        int port = freePort();
        TrialTlsPeer container = peer(secretId, port, served);
        TrialTlsPeer main = peer(secretId, freePort(), new AtomicInteger());
        TransportAddress ta = new jade.imtp.leap.JICP.JICPAddress("127.0.0.1", Integer.toString(port), null, null);
        try {
            long accepted = TrialTlsPeer.acceptedConnections();
            for (int k = 0; k < 10; k++)
                assertThat(main.deliverCommand(ta, PING, true)).containsExactly(1, 2, 3);
            assertThat(served.get()).isEqualTo(10);
            assertThat(TrialTlsPeer.acceptedConnections() - accepted)
                    .as("handshakes for 10 heartbeats")
                    .isEqualTo(1);

            // the hanging ping (held until the container exits) still goes over a connection of its own
            main.deliverCommand(ta, HANGING_PING, true);
            assertThat(TrialTlsPeer.acceptedConnections() - accepted).isEqualTo(2);

            // the container's JVM restarted on the same port: the kept connection is dead, the ping goes on a fresh one
            container.deactivate();
            container = peer(secretId, port, served);
            assertThat(main.deliverCommand(ta, PING, true)).containsExactly(1, 2, 3);
            assertThat(served.get()).isEqualTo(12);

            // the container gone (nothing listens): the ping fails, as a one-shot ping did
            container.deactivate();
            container = null;
            assertThatThrownBy(() -> main.deliverCommand(ta, PING, true)).isInstanceOf(ICPException.class);
        } finally {
            if (container != null) container.deactivate();
            main.deactivate();
            TrialTlsPeer.unregister(secretId);
        }
    }

    @Test
    void readsTheCodeOfASerializedCommand() {
        assertThat(TrialTlsPeer.commandCode(new byte[] {0, 0, 0, 10, 7, 7})).isEqualTo(10);
        assertThat(TrialTlsPeer.commandCode(new byte[] {0, 0, 0, 9})).isEqualTo(9);
        assertThat(TrialTlsPeer.commandCode(new byte[] {1, 2, 3})).isEqualTo(-1);
        assertThat(TrialTlsPeer.commandCode(null)).isEqualTo(-1);
        assertThat(TrialTlsPeer.PING_NODE_NONBLOCKING).isEqualTo(10);
    }
}
