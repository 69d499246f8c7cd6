package io.jtunnel.certs;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Certificate signing requests (PKCS#10) for the route through a company certificate server, as {@code openssl req -new}. */
public final class CertificateRequests {

    private CertificateRequests() {
    }

    /**
     * As {@link #csrPem(KeyPair, X500Principal, List)} with the names in {@code --san} syntax
     * ({@code DNS:a.example,IP:10.0.0.5}); null or blank means none.
     */
    public static String csrPem(KeyPair keyPair, X500Principal subject, String sans) throws CertificateInputException {
        return csrPem(keyPair, subject, SubjectAltNames.parse(sans));
    }

    /**
     * A PEM {@code CERTIFICATE REQUEST} signed with SHA-256 by the key pair's private key, for {@code subject},
     * with the names (e.g. from {@link SubjectAltNames#parse}) as a subjectAltName in an extensionRequest.
     */
    public static String csrPem(KeyPair keyPair, X500Principal subject, List<GeneralName> sans)
            throws CertificateInputException {
        PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(subject, keyPair.getPublic());
        try {
            if (!sans.isEmpty()) {
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            String algorithm = Signatures.sha256Algorithm(keyPair.getPrivate());
            PKCS10CertificationRequest request = builder.build(
                    new JcaContentSignerBuilder(algorithm).build(keyPair.getPrivate()));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(request);
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode certificate request", e);
        } catch (OperatorCreationException | IllegalArgumentException e) {
            throw new CertificateInputException("cannot sign a certificate request with this key: " + e.getMessage());
        }
    }
}
