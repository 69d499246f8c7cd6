package io.jtunnel.certs;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reads a CA's certificate and private key from PEM files, to issue certificates with {@link CertificateBuilder#issuer}. */
public final class PemBundles {

    private PemBundles() {
    }

    /**
     * Reads the CA certificate and its unencrypted private key from {@code certFile} (in any order, as in
     * {@code stunnel-key.pem} or {@code cat ca-key.pem ca.pem}), or the key from {@code keyFile} when it is not
     * null. Further certificates in {@code certFile} become the chain above the CA.
     */
    public static CertificateBundle readIssuer(Path certFile, Path keyFile) throws IOException, CertificateInputException {
        PemFile certificates = PemFile.read(certFile);
        PemFile keys = keyFile == null || keyFile.equals(certFile) ? certificates : PemFile.read(keyFile);
        if (certificates.certificates().isEmpty()) {
            throw new CertificateInputException(certFile + ": holds no certificate (expected a PEM"
                    + " \"BEGIN CERTIFICATE\" block of the CA)");
        }
        if (keys.keys().isEmpty()) {
            if (keys.hasEncryptedKey()) {
                throw keys.encryptedKeyError();
            }
            throw new CertificateInputException(keys.path() + ": holds no private key; the issuer's key is needed"
                    + " to sign (give a file with both, or the key file as well)");
        }
        for (X509Certificate certificate : certificates.certificates()) {
            for (PrivateKey key : keys.keys()) {
                if (Signatures.matches(key, certificate.getPublicKey())) {
                    return issuer(certFile, certificate, key, certificates.certificates());
                }
            }
        }
        X509Certificate first = certificates.certificates().get(0);
        throw new CertificateInputException("the private key in " + keys.path() + " does not match the certificate "
                + OpenSslNames.oneLine(first.getSubjectX500Principal()) + " in " + certFile);
    }

    private static CertificateBundle issuer(Path certFile, X509Certificate certificate, PrivateKey key,
            List<X509Certificate> all) throws CertificateInputException {
        String subject = OpenSslNames.oneLine(certificate.getSubjectX500Principal());
        if (certificate.getBasicConstraints() < 0) {
            throw new CertificateInputException(certFile + ": the certificate " + subject + " is not a CA"
                    + " (it lacks basicConstraints CA:TRUE), so it cannot issue certificates");
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && !keyUsage[5]) {
            throw new CertificateInputException(certFile + ": the certificate " + subject + " is not a CA"
                    + " (its keyUsage lacks keyCertSign), so it cannot issue certificates");
        }
        List<X509Certificate> chain = new ArrayList<>(all);
        chain.remove(certificate);
        return new CertificateBundle(new KeyPair(certificate.getPublicKey(), key), certificate, chain);
    }
}
