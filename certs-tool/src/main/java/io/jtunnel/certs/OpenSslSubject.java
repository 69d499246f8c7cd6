package io.jtunnel.certs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;

/**
 * Parses a subject in {@code openssl req -subj} syntax ({@code /C=DE/O=Acme/CN=tunnel.example.com}) the
 * way OpenSSL 3's {@code parse_name()} does, with its warnings, plus jtunnel's requirement of a Common Name.
 */
public final class OpenSslSubject {

    private OpenSslSubject() {
    }

    /** The subject and the warnings OpenSSL would print for it (skipped attributes). */
    public record Parsed(X500Principal subject, List<String> warnings) {
        public Parsed {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Parses {@code "/type0=value0/type1=value1+type2=value2..."}; {@code \} escapes the next character,
     * {@code +} joins an attribute to the previous one's RDN.
     */
    public static Parsed parse(String subj) throws CertificateInputException {
        if (!subj.startsWith("/")) {
            throw new CertificateInputException("subject name is expected to be in the format"
                    + " /type0=value0/type1=value1/type2=... where characters may be escaped by \\."
                    + " This name is not in that format: '" + subj + "'");
        }
        List<List<AttributeTypeAndValue>> rdns = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int pos = 1;
        boolean nextIsMulti = false;
        while (pos < subj.length()) {
            boolean isMulti = nextIsMulti;
            nextIsMulti = false;
            int equals = subj.indexOf('=', pos);
            if (equals < 0) {
                throw new CertificateInputException("Missing '=' after RDN type string '" + subj.substring(pos)
                        + "' in subject name string");
            }
            String type = subj.substring(pos, equals);
            StringBuilder value = new StringBuilder();
            pos = equals + 1;
            while (pos < subj.length() && subj.charAt(pos) != '/') {
                char c = subj.charAt(pos);
                if (c == '+') {
                    nextIsMulti = true;
                    break;
                }
                if (c == '\\') {
                    pos++;
                    if (pos == subj.length()) {
                        throw new CertificateInputException("Escape character at end of subject name string");
                    }
                    c = subj.charAt(pos);
                }
                value.append(c);
                pos++;
            }
            if (pos < subj.length()) {
                pos++; // the '/' or '+'
            }
            Optional<DnAttribute> attribute = DnAttribute.byName(type);
            if (attribute.isEmpty()) {
                warnings.add("Skipping unknown subject name attribute \"" + type + "\"");
                if (isMulti) {
                    warnings.add("a '+' in a value string needs be escaped using '\\' else a new member of"
                            + " a multi-valued RDN is expected");
                }
                continue;
            }
            if (value.length() == 0) {
                warnings.add("No value provided for subject name attribute \"" + type + "\", skipped");
                continue;
            }
            DnAttribute.Encoded encoded = attribute.get().encode(value.toString());
            if (!encoded.ok()) {
                throw new CertificateInputException("Error adding subject name attribute \"/" + type + "="
                        + value + "\": " + encoded.problem());
            }
            // As X509_NAME_add_entry with set -1: join the last RDN there is, even past a skipped attribute.
            if (isMulti && !rdns.isEmpty()) {
                rdns.get(rdns.size() - 1).add(encoded.value());
            } else {
                rdns.add(new ArrayList<>(List.of(encoded.value())));
            }
        }
        return new Parsed(SubjectNames.principal(rdns), warnings);
    }
}
