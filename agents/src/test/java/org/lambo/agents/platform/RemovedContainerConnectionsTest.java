package org.lambo.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jade.core.Profile;
import jade.core.ProfileImpl;
import jade.imtp.leap.ICPException;
import jade.mtp.TransportAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What the main container does to its connections when it removes a container ({@link TrialTlsPeer#cutOff}): two
 * {@link TrialTlsPeer}s with the trial's secret over loopback, the JICP layer under JADE's containers. The other side
 * takes a delivery and never answers, as a frozen container's JVM does (its sockets still accept): the delivery's
 * thread waits until the container is removed, then fails at once; a new delivery to it fails at once naming why, until
 * a container joins at that address again.
 */
class RemovedContainerConnectionsTest {
    private static final byte[] MESSAGE = {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static TrialTlsPeer peer(String secretId, int port, jade.imtp.leap.ICP.Listener listener)
            throws ICPException {
        Profile p = new ProfileImpl(false);
        p.setParameter("rc-" + Profile.LOCAL_HOST, "127.0.0.1");
        p.setParameter("rc-" + Profile.LOCAL_PORT, Integer.toString(port));
        p.setParameter(TrialTlsPeer.SECRET_ID, secretId);
        p.setParameter(TrialTlsPeer.PORTS, "1");
        TrialTlsPeer peer = new TrialTlsPeer();
        peer.activate(listener, "rc", p);
        return peer;
    }

    @Test
    void aDeliveryWaitingOnAFrozenContainerFailsWhenItIsRemovedAndNewOnesFailAtOnceUntilOneJoinsThere()
            throws Exception {
        String secretId = TrialTlsPeer.register(TrialSecret.generate());
        int port = freePort();
        String address = "127.0.0.1:" + port;
        CountDownLatch thaw = new CountDownLatch(1);
        CountDownLatch taken = new CountDownLatch(1);
        AtomicBoolean frozen = new AtomicBoolean(true);
        TrialTlsPeer container = peer(secretId, port, command -> {
            if (frozen.get()) {
                taken.countDown();
                try {
                    thaw.await(); // frozen: the command was read, no answer comes
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new byte[] {4, 2};
        });
        TrialTlsPeer main = peer(secretId, freePort(), command -> new byte[0]);
        TransportAddress ta = new jade.imtp.leap.JICP.JICPAddress("127.0.0.1", Integer.toString(port), null, null);
        try {
            CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return main.deliverCommand(ta, MESSAGE, false);
                } catch (ICPException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            assertThat(taken.await(20, TimeUnit.SECONDS))
                    .as("the container took the delivery")
                    .isTrue();
            Thread.sleep(300);
            assertThat(waiting).as("no answer from a frozen container").isNotDone();
            assertThat(TrialTlsPeer.openConnections(address)).isPositive();

            assertThat(TrialTlsPeer.cutOff(List.of(address)))
                    .as("connections cut")
                    .isPositive();
            assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
                    .as("the waiting delivery fails once the container is removed")
                    .isInstanceOf(ExecutionException.class);
            assertThat(TrialTlsPeer.openConnections(address)).isZero();

            // still frozen: without the removal a new connection would be made and its delivery would wait for ever
            CompletableFuture<byte[]> next = CompletableFuture.supplyAsync(() -> {
                try {
                    return main.deliverCommand(ta, MESSAGE, false);
                } catch (ICPException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            assertThatThrownBy(() -> next.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("was removed from the platform");

            // a container joins at that address again: deliveries go there again
            frozen.set(false);
            thaw.countDown();
            TrialTlsPeer.reopen(List.of(address));
            assertThat(main.deliverCommand(ta, MESSAGE, false)).containsExactly(4, 2);
        } finally {
            thaw.countDown();
            TrialTlsPeer.reopen(List.of(address));
            container.deactivate();
            main.deactivate();
            TrialTlsPeer.unregister(secretId);
        }
    }
}
