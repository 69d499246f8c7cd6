package io.jtunnel.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Turns parsed relative distinguished names into a principal, enforcing jtunnel's rule that a subject has a CN. */
final class SubjectNames {

    static final String CN_REQUIRED = "jtunnel requires a Common Name (CN): the cloud console and the clients"
            + " identify the tunnel by it";

    private static final String SUBJ_EXAMPLE = " (use the tunnel's host name, e.g. /CN=tunnel.example.com)";

    private SubjectNames() {
    }

    /** Builds the principal; each inner list is one RDN (several attributes make a multi-valued RDN). */
    static X500Principal principal(List<List<AttributeTypeAndValue>> rdns) throws CertificateInputException {
        if (rdns.isEmpty()) {
            throw new CertificateInputException("the subject is empty; " + CN_REQUIRED + SUBJ_EXAMPLE);
        }
        boolean hasCommonName = rdns.stream()
                .flatMap(List::stream)
                .anyMatch(value -> value.getType().equals(BCStyle.CN));
        if (!hasCommonName) {
            throw new CertificateInputException("the subject has no Common Name; " + CN_REQUIRED + SUBJ_EXAMPLE);
        }
        RDN[] encoded = rdns.stream()
                .map(values -> new RDN(values.toArray(AttributeTypeAndValue[]::new)))
                .toArray(RDN[]::new);
        try {
            return new X500Principal(new X500Name(encoded).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode subject", e);
        }
    }
}
