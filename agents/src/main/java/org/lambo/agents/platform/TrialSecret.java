package org.lambo.agents.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trial's secret: an EC P-256 key pair and a self-signed certificate, kept in a PKCS12 file (mode 600). Every
 * container of the trial holds the same file and speaks TLS 1.3 with it to every other container: it presents this
 * certificate and accepts a peer only if the peer presents exactly this certificate and proves it holds the key (mutual
 * authentication, the certificate pinned). A peer without the file cannot complete a handshake, so it cannot join the
 * platform, send a message or reach the AMS. The file's password is fixed ({@link #PASSWORD}): what protects the secret
 * is the file's permissions, as for an ssh key without a passphrase.
 */
public final class TrialSecret {
    /** The alias of the key entry in the PKCS12 file. */
    public static final String ALIAS = "lambo-trial";
    /** The PKCS12 file's password (public: the file's permissions protect it, see the class comment). */
    public static final String PASSWORD = "lambo-trial-secret";
    /** The only TLS version spoken. */
    static final String[] PROTOCOLS = {"TLSv1.3"};

    private final PrivateKey key;
    private final X509Certificate cert;

    private TrialSecret(PrivateKey key, X509Certificate cert) {
        this.key = key;
        this.cert = cert;
    }

    /** A fresh secret (a new key pair and certificate). */
    public static TrialSecret generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair kp = g.generateKeyPair();
            return new TrialSecret(
                    kp.getPrivate(),
                    selfSigned(kp, "lambo trial " + HexFormat.of().formatHex(randomBytes(8))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make an EC P-256 key: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a secret file.
     *
     * @throws IOException naming the file and what is wrong with it (missing, unreadable, not a trial secret)
     */
    public static TrialSecret read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("the secret file " + file + " does not exist");
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            if (!(ks.getKey(ALIAS, PASSWORD.toCharArray()) instanceof PrivateKey k)
                    || !(ks.getCertificate(ALIAS) instanceof X509Certificate c)) {
                throw new IOException("the secret file " + file + " holds no trial key (alias " + ALIAS
                        + "): not written by lambo trial");
            }
            return new TrialSecret(k, c);
        } catch (GeneralSecurityException | IOException e) {
            if (e instanceof IOException io
                    && io.getMessage() != null
                    && io.getMessage().startsWith("the secret file")) throw io;
            throw new IOException("the secret file " + file + " is not a trial secret written by lambo trial ("
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")");
        }
    }

    /** Reads {@code file}, or writes a fresh secret there when it does not exist. */
    public static TrialSecret readOrCreate(Path file) throws IOException {
        if (Files.exists(file)) return read(file);
        TrialSecret s = generate();
        s.write(file);
        return s;
    }

    /** Writes this secret to {@code file} (PKCS12, owner read/write only), replacing it atomically. */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".trial-secret", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's own permissions protect it
            }
            try (OutputStream out = Files.newOutputStream(tmp)) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry(ALIAS, key, PASSWORD.toCharArray(), new X509Certificate[] {cert});
                ks.store(out, PASSWORD.toCharArray());
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot write the secret file " + file + ": " + e.getMessage(), e);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A short fingerprint of the certificate (first 12 hex digits of its SHA-256), for logs. */
    public String fingerprint() {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()))
                    .substring(0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code other} is the same secret (same certificate). */
    public boolean sameAs(TrialSecret other) {
        return other != null && cert.equals(other.cert);
    }

    /** A TLS 1.3 context that presents this secret's certificate and trusts only a peer presenting it too. */
    public SSLContext sslContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(
                    new X509ExtendedKeyManager[] {new KeyManager()},
                    new X509ExtendedTrustManager[] {new PinnedTrust()},
                    new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot speak TLS 1.3: " + e.getMessage(), e);
        }
    }

    /** What a peer that does not present this secret's certificate is told (and what the log says). */
    static final String NOT_OURS = "the peer does not hold this trial's secret";

    /** Trusts exactly one certificate: the secret's own. */
    private final class PinnedTrust extends X509ExtendedTrustManager {
        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) throw new CertificateException(NOT_OURS + " (no certificate)");
            if (!chain[0].equals(cert))
                throw new CertificateException(NOT_OURS + " (certificate "
                        + chain[0].getSubjectX500Principal().getName() + ")");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e)
                throws CertificateException {
            check(chain);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {cert};
        }
    }

    /** Always presents the secret's key and certificate (for an EC key type). */
    private final class KeyManager extends X509ExtendedKeyManager {
        private String alias(String keyType) {
            return keyType == null || keyType.startsWith("EC") ? ALIAS : null;
        }

        private String any(String[] keyTypes) {
            if (keyTypes == null) return ALIAS;
            for (String t : keyTypes) if (alias(t) != null) return ALIAS;
            return null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return alias(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return alias(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket s) {
            return any(keyTypes);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket s) {
            return alias(keyType);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine e) {
            return any(keyTypes);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine e) {
            return alias(keyType);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? new X509Certificate[] {cert} : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    // ---- a minimal DER writer: the JDK parses certificates but has no public API to make one ----

    /** A self-signed X.509 v3 certificate (no extensions) for {@code kp}, valid from a day ago for ten years. */
    static X509Certificate selfSigned(KeyPair kp, String commonName) throws GeneralSecurityException {
        byte[] ecdsaWithSha256 =
                seq(tlv(0x06, new byte[] {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02}));
        byte[] name = seq(tlv(
                0x31,
                seq(
                        tlv(0x06, new byte[] {0x55, 0x04, 0x03}),
                        tlv(0x0C, commonName.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).withNano(0);
        byte[] validity = seq(utcTime(now.minusDays(1)), utcTime(now.plusYears(10)));
        byte[] tbs = seq(
                tlv(0xA0, tlv(0x02, new byte[] {2})),
                tlv(0x02, new BigInteger(1, randomBytes(16)).toByteArray()),
                ecdsaWithSha256,
                name,
                validity,
                name,
                kp.getPublic().getEncoded());
        Signature sig = Signature.getInstance("SHA256withECDSA");
        sig.initSign(kp.getPrivate());
        sig.update(tbs);
        byte[] signature = sig.sign();
        byte[] bits = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] der = seq(tbs, ecdsaWithSha256, tlv(0x03, bits));
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
    }

    private static byte[] utcTime(ZonedDateTime t) {
        return tlv(
                0x17,
                t.format(DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'"))
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static byte[] seq(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return tlv(0x30, b.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(tag);
        int n = value.length;
        if (n < 0x80) {
            b.write(n);
        } else if (n < 0x100) {
            b.write(0x81);
            b.write(n);
        } else {
            b.write(0x82);
            b.write(n >> 8);
            b.write(n & 0xFF);
        }
        b.writeBytes(value);
        return b.toByteArray();
    }
}
