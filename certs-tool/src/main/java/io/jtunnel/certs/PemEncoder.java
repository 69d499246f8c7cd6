package io.jtunnel.certs;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Encodes keys and certificates as PEM text, in the formats OpenSSL 3 writes. */
public final class PemEncoder {

    private PemEncoder() {
    }

    /** Unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}), as OpenSSL 3's {@code genrsa} and {@code genpkey} write. */
    public static String privateKey(PrivateKey key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            // Writing the PrivateKey itself would give the traditional "BEGIN RSA PRIVATE KEY" form.
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode private key as PEM", e);
        }
        return out.toString();
    }

    /** One {@code BEGIN CERTIFICATE} block per certificate, in the given order. */
    public static String certificates(List<X509Certificate> certificates) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode certificate as PEM", e);
        }
        return out.toString();
    }
}
