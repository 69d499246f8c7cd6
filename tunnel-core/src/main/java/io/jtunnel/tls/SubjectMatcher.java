package io.jtunnel.tls;

import io.jtunnel.config.SubjectChecks;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * OpenSSL's {@code X509_check_host}, {@code X509_check_ip_asc} and {@code X509_check_email} as stunnel calls them:
 * DNS names from the subjectAltName (the subject's CN only when there is no DNS name), a wildcard allowed as the
 * whole leftmost label; IP addresses compared as bytes; e-mail addresses from the SAN or the subject.
 */
final class SubjectMatcher {
    private static final int SAN_EMAIL = 1;
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private SubjectMatcher() {
    }

    /** True when no check is configured or any one of them matches. */
    static boolean matches(X509Certificate leaf, SubjectChecks checks) {
        if (checks.isEmpty()) {
            return true;
        }
        List<String> dnsNames = sanValues(leaf, SAN_DNS);
        if (dnsNames.isEmpty()) {
            dnsNames = subjectValues(leaf, BCStyle.CN);
        }
        for (String host : checks.hosts()) {
            for (String pattern : dnsNames) {
                if (hostMatches(pattern, host)) {
                    return true;
                }
            }
        }
        for (String ip : checks.ips()) {
            byte[] wanted = ipBytes(ip);
            for (String present : sanValues(leaf, SAN_IP)) {
                byte[] got = ipBytes(present);
                if (wanted != null && got != null && java.util.Arrays.equals(wanted, got)) {
                    return true;
                }
            }
        }
        List<String> emails = new ArrayList<>(sanValues(leaf, SAN_EMAIL));
        emails.addAll(subjectValues(leaf, BCStyle.EmailAddress));
        for (String email : checks.emails()) {
            for (String present : emails) {
                if (present.equalsIgnoreCase(email)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean hostMatches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (p.endsWith(".")) {
            p = p.substring(0, p.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (!p.startsWith("*.")) {
            return p.equals(h);
        }
        String suffix = p.substring(1); // ".example.com"
        if (suffix.indexOf('.', 1) < 0) {
            return false; // "*.com" matches nothing, as in OpenSSL
        }
        int firstDot = h.indexOf('.');
        return firstDot > 0 && h.substring(firstDot).equals(suffix);
    }

    private static List<String> sanValues(X509Certificate certificate, int type) {
        List<String> values = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (((Integer) name.get(0)) == type && name.get(1) instanceof String value) {
                        values.add(value);
                    }
                }
            }
        } catch (CertificateParsingException ignored) {
            // an unreadable SAN matches nothing
        }
        return values;
    }

    private static List<String> subjectValues(X509Certificate certificate, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        List<String> values = new ArrayList<>();
        X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        for (RDN rdn : name.getRDNs(type)) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(type)) {
                    ASN1Encodable value = atv.getValue();
                    values.add(IETFUtils.valueToString(value));
                }
            }
        }
        return values;
    }

    private static byte[] ipBytes(String text) {
        if (!text.matches("[0-9a-fA-F:.]+")) {
            return null; // never resolve a name here: only literals are compared
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
