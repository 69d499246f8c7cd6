package io.jtunnel.tls;

import io.jtunnel.certs.CertificateBundle;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** CRLs for tests, made with BouncyCastle's X509v2CRLBuilder: by default current for a week, signed by the issuer. */
final class TestCrls {
    private final CertificateBundle issuer;
    private final List<BigInteger> revoked = new ArrayList<>();
    private Instant thisUpdate = TestChains.days(-1);
    private Instant nextUpdate = TestChains.days(7);
    private PrivateKey signer;
    private X509Certificate akidOf;

    private TestCrls(CertificateBundle issuer) {
        this.issuer = issuer;
        this.signer = issuer.privateKey();
    }

    /** A CRL in the name of {@code issuer}. */
    static TestCrls by(CertificateBundle issuer) {
        return new TestCrls(issuer);
    }

    TestCrls revoke(CertificateBundle... certificates) {
        for (CertificateBundle certificate : certificates) {
            revoked.add(certificate.certificate().getSerialNumber());
        }
        return this;
    }

    TestCrls valid(Instant from, Instant until) {
        thisUpdate = from;
        nextUpdate = until;
        return this;
    }

    /** Signs with another key than the issuer's (a forged or mixed-up CRL). */
    TestCrls signedBy(CertificateBundle other) {
        signer = other.privateKey();
        return this;
    }

    /** Adds an authority key identifier naming {@code certificate}'s key, as openssl ca -gencrl can. */
    TestCrls authorityKeyIdOf(CertificateBundle certificate) {
        akidOf = certificate.certificate();
        return this;
    }

    X509CRL build() {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(
                org.bouncycastle.asn1.x500.X500Name.getInstance(
                    issuer.certificate().getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
            if (nextUpdate != null) {
                builder.setNextUpdate(Date.from(nextUpdate));
            }
            for (BigInteger serial : revoked) {
                builder.addCRLEntry(serial, Date.from(thisUpdate), CRLReason.keyCompromise);
            }
            if (akidOf != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(akidOf.getPublicKey()));
            }
            String algorithm = "RSA".equals(signer.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CRLConverter().getCRL(builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot build CRL", e);
        }
    }

    static String pem(X509CRL... crls) throws Exception {
        StringBuilder text = new StringBuilder();
        for (X509CRL crl : crls) {
            text.append("-----BEGIN X509 CRL-----\n")
                .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(crl.getEncoded()))
                .append("\n-----END X509 CRL-----\n");
        }
        return text.toString();
    }
}
