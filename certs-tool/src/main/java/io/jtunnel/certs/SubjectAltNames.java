package io.jtunnel.certs;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.util.IPAddress;

/**
 * Subject alternative names in the syntax of {@code openssl req -addext "subjectAltName=..."}:
 * comma-separated {@code DNS:}, {@code IP:} and {@code email:} entries, e.g. {@code DNS:a.example,IP:10.0.0.5,IP:::1}.
 */
public final class SubjectAltNames {

    private SubjectAltNames() {
    }

    /** Parses the list and adds each name to {@code builder}; an error names the entry at fault. */
    public static CertificateBuilder apply(String sans, CertificateBuilder builder) throws CertificateInputException {
        for (GeneralName name : parse(sans)) {
            builder.subjectAltName(name);
        }
        return builder;
    }

    /** Parses the list into names for a certificate or a CSR; an empty or blank list gives no names. */
    public static List<GeneralName> parse(String sans) throws CertificateInputException {
        List<GeneralName> names = new ArrayList<>();
        if (sans == null || sans.isBlank()) {
            return names;
        }
        for (String entry : sans.split(",", -1)) {
            names.add(parseEntry(entry));
        }
        return names;
    }

    private static GeneralName parseEntry(String entry) throws CertificateInputException {
        int colon = entry.indexOf(':');
        // openssl's X509V3_parse_list trims the spaces around name and value.
        String type = (colon < 0 ? entry : entry.substring(0, colon)).strip();
        String value = colon < 0 ? "" : entry.substring(colon + 1).strip();
        if (type.isEmpty()) {
            throw problem(entry, "empty entry");
        }
        if (colon < 0 || value.isEmpty()) {
            throw problem(entry, "missing value (expected e.g. DNS:tunnel.example.com)");
        }
        switch (type) {
            case "DNS":
                requireAsciiWithoutSpaces(entry, value, "DNS name");
                return new GeneralName(GeneralName.dNSName, value);
            case "IP":
                if (!IPAddress.isValid(value)) {
                    throw problem(entry, "bad IP address \"" + value + "\" (expected IPv4 like 10.0.0.5 or IPv6 like ::1)");
                }
                return new GeneralName(GeneralName.iPAddress, value);
            case "email":
                requireAsciiWithoutSpaces(entry, value, "email address");
                return new GeneralName(GeneralName.rfc822Name, value);
            default:
                throw problem(entry, "unsupported type \"" + type + "\" (expected DNS:, IP: or email:, case as shown)");
        }
    }

    private static void requireAsciiWithoutSpaces(String entry, String value, String what)
            throws CertificateInputException {
        if (!value.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw problem(entry, (what.startsWith("e") ? "an " : "a ") + what + " must be ASCII without spaces (internationalised names in their xn-- form)");
        }
    }

    private static CertificateInputException problem(String entry, String reason) {
        return new CertificateInputException("bad subjectAltName entry \"" + entry.strip() + "\": " + reason);
    }
}
