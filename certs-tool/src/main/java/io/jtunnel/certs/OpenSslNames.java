package io.jtunnel.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.util.encoders.Hex;

/**
 * Distinguished names in OpenSSL's one-line form without spaces around '=', as
 * {@code openssl x509 -noout -subject -nameopt oneline,-space_eq,-esc_msb} prints them: "C=US, O=x, CN=y".
 */
final class OpenSslNames {

    private OpenSslNames() {
    }

    static String oneLine(X500Principal principal) {
        List<String> rdns = new ArrayList<>();
        for (RDN rdn : X500Name.getInstance(principal.getEncoded()).getRDNs()) {
            List<String> values = new ArrayList<>();
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                values.add(typeName(value) + "=" + value(value.getValue()));
            }
            rdns.add(String.join(" + ", values));
        }
        return String.join(", ", rdns);
    }

    private static String typeName(AttributeTypeAndValue value) {
        return DnAttribute.byOid(value.getType()).map(DnAttribute::shortName).orElse(value.getType().getId());
    }

    private static String value(ASN1Encodable value) {
        if (!(value instanceof ASN1String)) {
            return "#" + Hex.toHexString(encoded(value)).toUpperCase();
        }
        String text = ((ASN1String) value).getString();
        StringBuilder out = new StringBuilder();
        boolean quote = false;
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i++) {
            int c = utf8[i] & 0xff;
            boolean first = i == 0;
            boolean last = i == utf8.length - 1;
            if (",+;<>".indexOf(c) >= 0 || (first && c == '#') || ((first || last) && c == ' ')) {
                quote = true;
                out.append((char) c);
            } else if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\%02X", c));
            } else {
                out.append((char) c);
            }
        }
        String escaped = new String(out.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return quote ? "\"" + escaped + "\"" : escaped;
    }

    private static byte[] encoded(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
