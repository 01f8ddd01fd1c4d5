package org.lambo.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trial secret: its file, and TLS 1.3 handshakes between holders of the same and of different secrets. */
class TrialSecretTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenSecretReadsBackAsTheSameOneOwnerOnly() throws IOException {
        TrialSecret s = TrialSecret.generate();
        Path f = dir.resolve("trial.secret");
        s.write(f);
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(TrialSecret.read(f).sameAs(s)).isTrue();
        assertThat(TrialSecret.read(f).fingerprint()).isEqualTo(s.fingerprint()).matches("[0-9a-f]{12}");
        assertThat(TrialSecret.generate().sameAs(s)).isFalse();
    }

    @Test
    void readOrCreateCreatesAMissingFileAndKeepsAnExistingOne() throws IOException {
        Path f = dir.resolve("sub").resolve("s.secret");
        TrialSecret first = TrialSecret.readOrCreate(f);
        assertThat(Files.exists(f)).isTrue();
        assertThat(TrialSecret.readOrCreate(f).sameAs(first)).isTrue();
    }

    @Test
    void aMissingOrForeignFileIsNamedInOneLine() throws IOException {
        assertThatThrownBy(() -> TrialSecret.read(dir.resolve("none")))
                .isInstanceOf(IOException.class)
                .hasMessage("the secret file " + dir.resolve("none") + " does not exist");
        Path junk = dir.resolve("junk");
        Files.writeString(junk, "not a keystore");
        assertThatThrownBy(() -> TrialSecret.read(junk))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("the secret file " + junk + " is not a trial secret written by lambo trial (")
                .hasMessageNotContaining("null");
    }

    /** Handshakes a client holding {@code client} with a server holding {@code server}; the server's error, or null. */
    private static String handshake(TrialSecret server, TrialSecret client) throws Exception {
        SSLContext sctx = server.sslContext();
        try (SSLServerSocket ss = (SSLServerSocket)
                sctx.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ss.setNeedClientAuth(true);
            ss.setEnabledProtocols(TrialSecret.PROTOCOLS);
            CompletableFuture<String> serverSide = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(20_000);
                    s.startHandshake();
                    s.getOutputStream().write(42);
                    s.getOutputStream().flush();
                    return null;
                } catch (IOException e) {
                    return e.getMessage();
                }
            });
            try (SSLSocket c = (SSLSocket) client.sslContext()
                    .getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
                c.setSoTimeout(20_000);
                c.setEnabledProtocols(TrialSecret.PROTOCOLS);
                c.startHandshake();
                assertThat(c.getInputStream().read()).isEqualTo(42);
            } catch (SSLException e) {
                assertThat(TrialTlsPeer.reason(e)).isNotBlank();
            }
            return serverSide.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void holdersOfTheSameSecretCompleteAHandshake() throws Exception {
        TrialSecret s = TrialSecret.generate();
        Path f = dir.resolve("s");
        s.write(f);
        assertThat(handshake(s, TrialSecret.read(f))).isNull();
    }

    @Test
    void aClientWithAnotherSecretIsRefusedAndRefusesTheServer() throws Exception {
        TrialSecret server = TrialSecret.generate();
        TrialSecret other = TrialSecret.generate();
        // the client checks the server's certificate first: it breaks off, and the server never serves it
        assertThat(handshake(server, other)).isNotNull();
        try (SSLServerSocket ss = (SSLServerSocket) server.sslContext()
                .getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ss.setEnabledProtocols(TrialSecret.PROTOCOLS);
            CompletableFuture.runAsync(() -> {
                try (Socket s = ss.accept()) {
                    ((SSLSocket) s).startHandshake();
                } catch (IOException e) {
                    // the client refused us
                }
            });
            try (SSLSocket c = (SSLSocket) other.sslContext()
                    .getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
                c.setSoTimeout(20_000);
                assertThatThrownBy(c::startHandshake)
                        .isInstanceOf(SSLException.class)
                        .satisfies(e -> assertThat(TrialTlsPeer.reason(e))
                                .startsWith("the peer does not hold this trial's secret"));
            }
        }
    }

    @Test
    void aClientWithNoCertificateIsRefusedByTheServer() throws Exception {
        TrialSecret server = TrialSecret.generate();
        // a client that trusts anything but presents nothing (what an intruder without the file could do)
        SSLContext bare = SSLContext.getInstance("TLSv1.3");
        bare.init(
                null,
                new javax.net.ssl.TrustManager[] {
                    new javax.net.ssl.X509TrustManager() {
                        @Override
                        public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}

                        @Override
                        public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}

                        @Override
                        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                            return new java.security.cert.X509Certificate[0];
                        }
                    }
                },
                null);
        SSLContext sctx = server.sslContext();
        try (SSLServerSocket ss = (SSLServerSocket)
                sctx.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ss.setNeedClientAuth(true);
            ss.setEnabledProtocols(TrialSecret.PROTOCOLS);
            CompletableFuture<String> serverSide = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(20_000);
                    s.startHandshake();
                    return null;
                } catch (IOException e) {
                    return TrialTlsPeer.reason(e);
                }
            });
            try (SSLSocket c = (SSLSocket)
                    bare.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
                c.setSoTimeout(20_000);
                c.startHandshake();
                c.getInputStream().read(); // TLS 1.3: the server's refusal comes after the client's finish
            } catch (IOException e) {
                // refused
            }
            assertThat(serverSide.get(30, TimeUnit.SECONDS)).startsWith("the peer does not hold this trial's secret");
        }
    }
}
