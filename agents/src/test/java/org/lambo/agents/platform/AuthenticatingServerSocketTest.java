package org.lambo.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The main container's server socket: only connections that completed the handshake with the trial's secret come out of
 * accept(); a peer that opens connections and stays silent in its handshakes cannot hold up a container at another
 * address; a burst of connections from one container waits its turn instead of being closed.
 */
class AuthenticatingServerSocketTest {
    private static Socket connect(String from, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(20_000);
        return s;
    }

    /** Connects from {@code from} with the secret, and checks that the server accepted exactly that connection. */
    private static CompletableFuture<Void> joinFrom(String from, int port, TrialSecret secret) {
        return CompletableFuture.runAsync(() -> {
            try (Socket raw = connect(from, port);
                    SSLSocket tls = (SSLSocket)
                            secret.sslContext().getSocketFactory().createSocket(raw, "127.0.0.1", port, true)) {
                tls.setEnabledProtocols(TrialSecret.PROTOCOLS);
                tls.startHandshake();
                assertThat(tls.getInputStream().read()).isEqualTo(7); // the server's greeting on this very connection
            } catch (IOException e) {
                throw new IllegalStateException(from + ": " + e, e);
            }
        });
    }

    @Test
    void silentPeersAtOneAddressNeitherStarveAnotherAddressNorGetMoreThanTheirShare() throws Exception {
        TrialSecret secret = TrialSecret.generate();
        ServerSocket plain = new ServerSocket();
        plain.bind(new InetSocketAddress("127.0.0.1", 0));
        List<Socket> intruders = new ArrayList<>();
        try (TrialTlsPeer.AuthenticatingServerSocket server =
                new TrialTlsPeer.AuthenticatingServerSocket(plain, secret.sslContext())) {
            int port = server.getLocalPort();
            Thread greeter = new Thread(() -> {
                try {
                    while (true) {
                        try (Socket in = server.accept()) {
                            in.getOutputStream().write(7);
                            in.getOutputStream().flush();
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            greeter.setDaemon(true);
            greeter.start();
            // the intruder fills every handshake the server runs in all, and the waiting line of its address, and stays
            // silent
            for (int k = 0; k < TrialTlsPeer.HANDSHAKES_PER_ADDRESS + TrialTlsPeer.WAITING_PER_ADDRESS; k++) {
                Socket s = connect("127.0.0.1", port);
                s.getOutputStream().write(22); // the first byte of a TLS record, then nothing
                s.getOutputStream().flush();
                intruders.add(s);
            }
            // one more from there is closed, and counted
            long before = TrialTlsPeer.refusedConnections();
            try (Socket extra = connect("127.0.0.1", port)) {
                int b;
                try {
                    b = extra.getInputStream().read();
                } catch (IOException e) {
                    b = -1;
                }
                assertThat(b).isEqualTo(-1);
            }
            long until = System.currentTimeMillis() + 10_000;
            while (TrialTlsPeer.refusedConnections() == before && System.currentTimeMillis() < until) Thread.sleep(20);
            assertThat(TrialTlsPeer.lastRefusal()).startsWith("too many connections at once from 127.0.0.1");

            // while the intruder's handshakes still hang: a container at another address gets through,
            // and so does a burst of 12 connections at once from a third one (they wait their turn)
            joinFrom("127.0.0.2", port, secret).get(20, TimeUnit.SECONDS);
            List<CompletableFuture<Void>> burst = new ArrayList<>();
            for (int k = 0; k < 12; k++) burst.add(joinFrom("127.0.0.3", port, secret));
            CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(intruders).allMatch(s -> !s.isClosed());
            assertThat(InetAddress.getByName("127.0.0.2").isLoopbackAddress()).isTrue();
        } finally {
            for (Socket s : intruders) s.close();
        }
    }
}
