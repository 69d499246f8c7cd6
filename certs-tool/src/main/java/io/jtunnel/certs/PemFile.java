package io.jtunnel.certs;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The certificates and private keys in a PEM file, in file order; keys in PKCS#8, PKCS#1 (RSA) or
 * SEC 1 (EC) form, other blocks (EC PARAMETERS, requests) ignored.
 */
record PemFile(Path path, List<X509Certificate> certificates, List<PrivateKey> keys, boolean hasEncryptedKey) {

    PemFile {
        certificates = List.copyOf(certificates);
        keys = List.copyOf(keys);
    }

    static PemFile read(Path path) throws IOException, CertificateInputException {
        List<X509Certificate> certificates = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        boolean encrypted = false;
        JcaPEMKeyConverter keyConverter = new JcaPEMKeyConverter();
        JcaX509CertificateConverter certificateConverter = new JcaX509CertificateConverter();
        // Read first, so that an IOException from here on means malformed content, not an unreadable file.
        String text = Files.readString(path, StandardCharsets.ISO_8859_1);
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder) {
                    certificates.add(certificateConverter.getCertificate((X509CertificateHolder) object));
                } else if (object instanceof X509TrustedCertificateBlock) {
                    certificates.add(certificateConverter.getCertificate(
                            ((X509TrustedCertificateBlock) object).getCertificateHolder()));
                } else if (object instanceof PEMKeyPair) {
                    keys.add(keyConverter.getKeyPair((PEMKeyPair) object).getPrivate());
                } else if (object instanceof PrivateKeyInfo) {
                    keys.add(keyConverter.getPrivateKey((PrivateKeyInfo) object));
                } else if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    encrypted = true;
                }
            }
        } catch (CertificateException | IOException | IllegalArgumentException e) {
            throw new CertificateInputException(path + ": not a readable PEM file: " + e.getMessage());
        }
        return new PemFile(path, certificates, keys, encrypted);
    }

    /** The error for a file whose private key is encrypted, which a service started unattended cannot use. */
    CertificateInputException encryptedKeyError() {
        return new CertificateInputException(path + ": the private key is encrypted; jtunnel needs an unencrypted"
                + " key (decrypt it with: openssl pkey -in " + path + " -out key.pem)");
    }
}
