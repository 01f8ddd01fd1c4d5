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
 * The main container's server socket: only connections that completed the handshake with the trial's
 * secret come out of accept(), and a peer that opens connections and stays silent in the middle of
 * its handshake cannot hold up a container at another address.
 */
class AuthenticatingServerSocketTest {
    private static Socket connect(String from, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(20_000);
        return s;
    }

    @Test
    void silentPeersAtOneAddressDoNotStarveAContainerAtAnother() throws Exception {
        TrialSecret secret = TrialSecret.generate();
        ServerSocket plain = new ServerSocket();
        plain.bind(new InetSocketAddress("127.0.0.1", 0));
        List<Socket> intruders = new ArrayList<>();
        try (TrialTlsPeer.AuthenticatingServerSocket server = new TrialTlsPeer.AuthenticatingServerSocket(plain, secret.sslContext())) {
            int port = server.getLocalPort();
            // the intruder starts as many handshakes as the server runs in all, and stays silent in each
            for (int k = 0; k < TrialTlsPeer.HANDSHAKES; k++) {
                Socket s = connect("127.0.0.1", port);
                s.getOutputStream().write(22);                       // the first byte of a TLS record, then nothing
                s.getOutputStream().flush();
                intruders.add(s);
            }
            long until0 = System.currentTimeMillis() + 20_000;
            while (TrialTlsPeer.refusedConnections() < TrialTlsPeer.HANDSHAKES - TrialTlsPeer.HANDSHAKES_PER_ADDRESS
                    && System.currentTimeMillis() < until0) {
                Thread.sleep(20);                                    // all but the first few of them are refused
            }
            long before = TrialTlsPeer.refusedConnections();
            // one more from there is closed at once, and counted
            try (Socket extra = connect("127.0.0.1", port)) {
                extra.getOutputStream().write(22);
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
            assertThat(TrialTlsPeer.refusedConnections()).isGreaterThan(before);
            assertThat(TrialTlsPeer.lastRefusal()).isEqualTo("too many handshakes at once from 127.0.0.1 (" + TrialTlsPeer.HANDSHAKES_PER_ADDRESS + ")");

            // a container at another address with the secret gets through while the intruder's handshakes still hang
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.accept();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket raw = connect("127.0.0.2", port);
                 SSLSocket tls = (SSLSocket) secret.sslContext().getSocketFactory().createSocket(raw, "127.0.0.1", port, true)) {
                tls.setEnabledProtocols(TrialSecret.PROTOCOLS);
                tls.startHandshake();
                Socket in = accepted.get(20, TimeUnit.SECONDS);
                assertThat(in).isInstanceOf(SSLSocket.class);
                assertThat(in.getInetAddress()).isEqualTo(InetAddress.getByName("127.0.0.2"));
                in.getOutputStream().write(7);
                in.getOutputStream().flush();
                assertThat(tls.getInputStream().read()).isEqualTo(7);
                in.close();
            }
        } finally {
            for (Socket s : intruders) s.close();
        }
    }
}
