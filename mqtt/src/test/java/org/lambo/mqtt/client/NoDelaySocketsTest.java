package org.lambo.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The factories' sockets, connected for real to a loopback server socket, carry {@code TCP_NODELAY}; the JDK's do not.
 */
class NoDelaySocketsTest {
    private ServerSocket server;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void listen() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws Exception {
        for (Socket s : sockets) s.close();
        server.close();
    }

    private InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private <S extends Socket> S own(S s) {
        sockets.add(s);
        return s;
    }

    private Socket connected(SocketFactory f) throws Exception {
        Socket s = own(f.createSocket()); // as Paho does: unconnected, then connect
        s.connect(address(), 5_000);
        return s;
    }

    @Test
    void theJdksSocketsHaveNagleOnSoTheCheckCanFail() throws Exception {
        assertThat(connected(SocketFactory.getDefault()).getTcpNoDelay()).isFalse();
        assertThat(connected(SSLSocketFactory.getDefault()).getTcpNoDelay()).isFalse();
    }

    @Test
    void plainSocketsHaveTcpNoDelayHoweverTheyAreMade() throws Exception {
        SocketFactory f = NoDelaySockets.plain();
        assertThat(f).isNotInstanceOf(SSLSocketFactory.class); // Paho refuses an SSL factory for tcp://
        assertThat(connected(f).getTcpNoDelay()).isTrue();
        assertThat(own(f.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort()))
                        .getTcpNoDelay())
                .isTrue();
        assertThat(own(f.createSocket("127.0.0.1", server.getLocalPort())).getTcpNoDelay())
                .isTrue();
    }

    @Test
    void tlsSocketsHaveTcpNoDelayAndTheDelegatesSuites() throws Exception {
        SSLSocketFactory delegate = (SSLSocketFactory) SSLSocketFactory.getDefault();
        SSLSocketFactory f = NoDelaySockets.tls(delegate);
        assertThat(f.getDefaultCipherSuites()).containsExactly(delegate.getDefaultCipherSuites());
        assertThat(f.getSupportedCipherSuites()).containsExactly(delegate.getSupportedCipherSuites());
        Socket s = connected(f);
        assertThat(s).isInstanceOf(SSLSocket.class);
        assertThat(s.getTcpNoDelay()).isTrue();
        // layered over a connected TCP socket: both carry it
        Socket raw = own(new Socket());
        raw.connect(address(), 5_000);
        Socket layered = own(f.createSocket(raw, "localhost", server.getLocalPort(), true));
        assertThat(raw.getTcpNoDelay()).isTrue();
        assertThat(layered.getTcpNoDelay()).isTrue();
    }

    @Test
    void aTcpLinksConnectOptionsUseThePlainFactory() throws Exception {
        MqttConnectOptions o = MqttLink.connectOptions(
                Links.options("tcp://127.0.0.1:1883", "u1", 1).build());
        assertThat(o.getSocketFactory()).isNotNull().isNotInstanceOf(SSLSocketFactory.class);
        assertThat(connected(o.getSocketFactory()).getTcpNoDelay()).isTrue();
    }
}
