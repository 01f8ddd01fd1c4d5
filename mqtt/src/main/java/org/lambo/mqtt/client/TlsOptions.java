package org.lambo.mqtt.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which server certificates a link trusts on an {@code ssl://} URI: either a PEM file of CA certificates (what
 * {@code testbed-scripts/broker} makes, and what Mosquitto's {@code cafile} is) or a Java trust store. Host name
 * verification stays on: the broker's certificate must name the host in the URI. Immutable; {@link #socketFactory()}
 * reads the files each time it is called.
 */
public final class TlsOptions {
    private final Path caFile;
    private final Path trustStore;
    private final char[] trustStorePassword;
    private final String trustStoreType;
    private final boolean verifyHostname;

    private TlsOptions(Path caFile, Path trustStore, char[] password, String type, boolean verifyHostname) {
        this.caFile = caFile;
        this.trustStore = trustStore;
        this.trustStorePassword = password == null ? null : password.clone();
        this.trustStoreType = type;
        this.verifyHostname = verifyHostname;
    }

    /** Trust the CA certificate(s) in a PEM file, e.g. {@code ca.crt}. */
    public static TlsOptions caFile(Path pem) {
        return new TlsOptions(Objects.requireNonNull(pem, "caFile"), null, null, null, true);
    }

    /** Trust the certificates of a Java key store ({@code PKCS12} or {@code JKS}). */
    public static TlsOptions trustStore(Path store, char[] password, String type) {
        return new TlsOptions(
                null,
                Objects.requireNonNull(store, "trustStore"),
                password,
                Objects.requireNonNull(type, "type"),
                true);
    }

    /** A copy that does not check that the certificate names the host (only for brokers reached by IP in a lab). */
    public TlsOptions withoutHostnameVerification() {
        return new TlsOptions(caFile, trustStore, trustStorePassword, trustStoreType, false);
    }

    public boolean verifyHostname() {
        return verifyHostname;
    }

    /**
     * A socket factory trusting exactly the configured certificates; bad files throw {@link MqttLinkException.Config}.
     */
    public SSLSocketFactory socketFactory() {
        try {
            KeyStore ks;
            if (caFile != null) {
                ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                Collection<? extends Certificate> certs;
                try (InputStream in = Files.newInputStream(caFile)) {
                    certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
                }
                if (certs.isEmpty())
                    throw new MqttLinkException.Config("CA file " + caFile + " holds no certificate", null);
                int k = 0;
                for (Certificate c : certs) ks.setCertificateEntry("ca-" + k++, c);
            } else {
                ks = KeyStore.getInstance(trustStoreType);
                try (InputStream in = Files.newInputStream(trustStore)) {
                    ks.load(in, trustStorePassword);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (java.nio.file.NoSuchFileException e) {
            Path file = caFile != null ? caFile : trustStore;
            throw new MqttLinkException.Config("cannot read TLS trust from " + file + ": no such file", e);
        } catch (IOException | GeneralSecurityException e) {
            Path file = caFile != null ? caFile : trustStore;
            throw new MqttLinkException.Config("cannot read TLS trust from " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return caFile != null
                ? "TLS(caFile=" + caFile + ")"
                : "TLS(trustStore=" + trustStore + ", " + trustStoreType + ")";
    }
}
