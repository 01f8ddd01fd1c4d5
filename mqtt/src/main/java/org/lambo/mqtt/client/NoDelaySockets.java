package org.lambo.mqtt.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Objects;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Socket factories that set {@code TCP_NODELAY} on every socket they make, for Paho, which has no option for it.
 *
 * <p>Why: an MQTT exchange is a few small packets each way (PUBLISH, PUBACK, the reply's PUBLISH...). With Nagle's
 * algorithm on, a small write waits while an earlier one is unacknowledged, and the peer delays its ACK (up to 40 ms on
 * Linux) hoping to piggyback it: a command and its result took 4 to 212 ms on loopback, and 0.55 ms with the option
 * set.
 *
 * <p>{@link #plain()} is for {@code tcp://}. {@link #tls(SSLSocketFactory)} wraps the factory of the link's
 * {@link TlsOptions} for {@code ssl://}: it is still an {@link SSLSocketFactory} (Paho checks), every socket is the
 * delegate's own, so trust, protocols, cipher suites and host name verification (which Paho sets on the socket
 * afterwards) stay exactly as they were.
 */
public final class NoDelaySockets {
    private NoDelaySockets() {}

    /** A factory of plain sockets with {@code TCP_NODELAY} set. */
    public static SocketFactory plain() {
        return new Plain(SocketFactory.getDefault());
    }

    /** {@code delegate}'s TLS sockets with {@code TCP_NODELAY} set (on the TCP socket beneath a layered one too). */
    public static SSLSocketFactory tls(SSLSocketFactory delegate) {
        return new Tls(Objects.requireNonNull(delegate, "delegate"));
    }

    /** Sets {@code TCP_NODELAY} on {@code s} (connected or not: an unconnected socket keeps it through its connect). */
    static <S extends Socket> S noDelay(S s) throws IOException {
        s.setTcpNoDelay(true);
        return s;
    }

    private static final class Plain extends SocketFactory {
        private final SocketFactory delegate;

        Plain(SocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }
    }

    private static final class Tls extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        Tls(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            noDelay(s);
            return noDelay(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
            noDelay(s);
            return noDelay(delegate.createSocket(s, consumed, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
