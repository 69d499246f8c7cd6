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
 * DNS names from the subjectAltName (the subject's CN only when there is no DNS name), with OpenSSL's wildcard
 * rules; IP addresses compared as bytes; e-mail addresses from the SAN (the subject's emailAddress only when there is
 * none), the local part exactly.
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
            dnsNames = subjectValues(leaf, BCStyle.CN); // the CN counts only without DNS names, as in OpenSSL
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
        List<String> emails = sanValues(leaf, SAN_EMAIL);
        if (emails.isEmpty()) {
            emails = subjectValues(leaf, BCStyle.EmailAddress);
        }
        for (String email : checks.emails()) {
            for (String present : emails) {
                if (emailMatches(present, email)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A certificate name {@code pattern} against a configured {@code host}, as X509_check_host with no flags: case
     * ignored, no trailing-dot folding; a {@code *} may stand in the leftmost label of a pattern with at least two
     * labels after it, also as part of it ({@code www*.example.org}); a host that starts with a dot matches any
     * name below it.
     */
    static boolean hostMatches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (h.length() > 1 && h.startsWith(".")) {
            return p.length() > h.length() && p.endsWith(h) && !p.contains("*");
        }
        int star = p.indexOf('*');
        if (star < 0) {
            return p.equals(h);
        }
        int firstDot = p.indexOf('.');
        if (firstDot < 0 || star > firstDot || p.indexOf('*', star + 1) >= 0 || p.startsWith("xn--")
            || p.indexOf('.', firstDot + 1) < 0) {
            return p.equals(h); // not a valid wildcard: only a literal match
        }
        String prefix = p.substring(0, star);
        String suffix = p.substring(star + 1); // from after the star, including ".example.org"
        if (h.length() < prefix.length() + suffix.length() || !h.startsWith(prefix) || !h.endsWith(suffix)) {
            return false;
        }
        String covered = h.substring(prefix.length(), h.length() - suffix.length());
        if (covered.contains(".")) {
            return false; // a star never spans a dot
        }
        return !(covered.isEmpty() && prefix.isEmpty() && suffix.startsWith(".")); // "*" alone must match something
    }

    /** The local part compared exactly, the domain without case, as OpenSSL's equal_email. */
    static boolean emailMatches(String present, String wanted) {
        int a = present.lastIndexOf('@');
        int b = wanted.lastIndexOf('@');
        if (a < 0 || b < 0) {
            return present.equalsIgnoreCase(wanted);
        }
        return present.substring(0, a).equals(wanted.substring(0, b))
            && present.substring(a + 1).equalsIgnoreCase(wanted.substring(b + 1));
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
            byte[] address = InetAddress.getByName(text).getAddress();
            if (address.length == 4 && text.indexOf(':') >= 0) {
                // Java folds ::ffff:a.b.c.d into IPv4; OpenSSL compares the 16 bytes written
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(address, 0, mapped, 12, 4);
                return mapped;
            }
            return address;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
