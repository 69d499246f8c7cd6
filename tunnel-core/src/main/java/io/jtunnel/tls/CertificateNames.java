package io.jtunnel.tls;

import java.security.cert.X509Certificate;
import java.util.StringJoiner;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Distinguished names as stunnel prints them: OpenSSL's one-line form in certificate order, {@code C=US, O=x, CN=y}. */
public final class CertificateNames {
    private CertificateNames() {
    }

    public static String subject(X509Certificate certificate) {
        return oneLine(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()));
    }

    public static String issuer(X509Certificate certificate) {
        return oneLine(X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()));
    }

    static String oneLine(X500Name name) {
        StringJoiner joiner = new StringJoiner(", ");
        for (RDN rdn : name.getRDNs()) {
            StringJoiner multi = new StringJoiner(" + ");
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                multi.add(label(atv.getType()) + "=" + IETFUtils.valueToString(atv.getValue()));
            }
            joiner.add(multi.toString());
        }
        return joiner.toString();
    }

    private static String label(ASN1ObjectIdentifier oid) {
        if (oid.equals(BCStyle.EmailAddress)) {
            return "emailAddress";
        }
        String symbol = BCStyle.INSTANCE.oidToDisplayName(oid);
        return symbol != null ? symbol : oid.getId();
    }
}
