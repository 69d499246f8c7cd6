package io.jtunnel.tls;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.StringJoiner;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
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
                multi.add(label(atv.getType()) + "=" + value(atv.getValue()));
            }
            joiner.add(multi.toString());
        }
        return joiner.toString();
    }

    /**
     * OpenSSL's ASN1_STRFLGS_ESC_2253 with ESC_QUOTE: a value holding one of RFC 2253's special characters is put in
     * double quotes instead of escaping each one; a backslash or quote inside is still escaped.
     */
    private static String value(ASN1Encodable encodable) {
        if (!(encodable instanceof ASN1String string)) {
            return IETFUtils.valueToString(encodable); // "#" and hex, as OpenSSL dumps non-strings
        }
        String text = string.getString();
        boolean quote = text.startsWith("#") || text.startsWith(" ") || text.endsWith(" ");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '"') {
                out.append('\\');
            } else if (",+<>;".indexOf(c) >= 0) {
                quote = true;
            }
            out.append(c < 0x20 ? String.format("\\%02X", (int) c) : String.valueOf(c));
        }
        return quote ? "\"" + out + "\"" : out.toString();
    }

    /** OpenSSL's short names (X509_NAME_print_ex with XN_FLAG_FN_SN). */
    private static String label(ASN1ObjectIdentifier oid) {
        String name = OPENSSL_NAMES.get(oid);
        if (name != null) {
            return name;
        }
        String symbol = BCStyle.INSTANCE.oidToDisplayName(oid);
        return symbol != null ? symbol : oid.getId();
    }

    private static final Map<ASN1ObjectIdentifier, String> OPENSSL_NAMES = Map.ofEntries(
        Map.entry(BCStyle.CN, "CN"), Map.entry(BCStyle.C, "C"), Map.entry(BCStyle.L, "L"),
        Map.entry(BCStyle.ST, "ST"), Map.entry(BCStyle.O, "O"), Map.entry(BCStyle.OU, "OU"),
        Map.entry(BCStyle.EmailAddress, "emailAddress"), Map.entry(BCStyle.SERIALNUMBER, "serialNumber"),
        Map.entry(BCStyle.STREET, "street"), Map.entry(BCStyle.DC, "DC"), Map.entry(BCStyle.UID, "UID"),
        Map.entry(BCStyle.T, "title"), Map.entry(BCStyle.SURNAME, "SN"), Map.entry(BCStyle.GIVENNAME, "GN"),
        Map.entry(BCStyle.INITIALS, "initials"), Map.entry(BCStyle.GENERATION, "generationQualifier"),
        Map.entry(BCStyle.DN_QUALIFIER, "dnQualifier"), Map.entry(BCStyle.PSEUDONYM, "pseudonym"),
        Map.entry(BCStyle.POSTAL_CODE, "postalCode"), Map.entry(BCStyle.BUSINESS_CATEGORY, "businessCategory"),
        Map.entry(BCStyle.NAME, "name"), Map.entry(BCStyle.UnstructuredName, "unstructuredName"),
        Map.entry(BCStyle.ORGANIZATION_IDENTIFIER, "organizationIdentifier"));
}
