package io.jtunnel.certs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A private key, its certificate and the issuer certificates above it (leaf excluded, nearest issuer
 * first, empty when self-signed), with PEM encoders and writers for the files stunnel reads.
 */
public record CertificateBundle(KeyPair keyPair, X509Certificate certificate, List<X509Certificate> chain) {

    public CertificateBundle {
        Objects.requireNonNull(keyPair, "keyPair");
        Objects.requireNonNull(certificate, "certificate");
        chain = List.copyOf(chain);
    }

    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    /** The unencrypted PKCS#8 key ({@code -----BEGIN PRIVATE KEY-----}), as OpenSSL 3's {@code genrsa} writes it. */
    public String privateKeyPem() {
        return PemEncoder.privateKey(privateKey());
    }

    /** The leaf certificate alone. */
    public String certificatePem() {
        return PemEncoder.certificates(List.of(certificate));
    }

    /** The leaf certificate followed by its chain, the form stunnel's {@code cert} option expects. */
    public String chainPem() {
        List<X509Certificate> all = new ArrayList<>(chain.size() + 1);
        all.add(certificate);
        all.addAll(chain);
        return PemEncoder.certificates(all);
    }

    /** Writes {@link #privateKeyPem()} to a file readable and writable by its owner only. */
    public void writePrivateKey(Path file) throws IOException {
        writeOwnerOnly(file, privateKeyPem());
    }

    /** Writes {@link #chainPem()} (just the certificate when self-signed) to a file with default permissions. */
    public void writeCertificate(Path file) throws IOException {
        Files.writeString(file, chainPem(), StandardCharsets.US_ASCII);
    }

    /**
     * Key and certificates in one PEM text, as {@code cat key.pem cert.pem}: the key first, or, with
     * {@code keyFirst} false, the certificates first (as {@code type cert.pem key.pem} in stunnel's Windows guide).
     */
    public String combinedPem(boolean keyFirst) {
        return keyFirst ? privateKeyPem() + chainPem() : chainPem() + privateKeyPem();
    }

    /**
     * Writes key and certificates into one owner-only file, as {@code cat key.pem cert.pem > stunnel.pem}
     * does: the key first, or, with {@code keyFirst} false, the certificates first (stunnel's Windows guide).
     */
    public void writeCombined(Path file, boolean keyFirst) throws IOException {
        writeOwnerOnly(file, combinedPem(keyFirst));
    }

    @Override
    public String toString() {
        return "CertificateBundle[" + certificate.getSubjectX500Principal().getName()
                + ", chain=" + chain.size() + "]";
    }

    private static void writeOwnerOnly(Path file, String pem) throws IOException {
        OwnerOnlyFiles.forFileSystem(file.getFileSystem()).write(file, pem.getBytes(StandardCharsets.US_ASCII));
    }
}
