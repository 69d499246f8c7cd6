package io.jtunnel.certs;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;

/**
 * The distinguished-name attributes jtunnel knows, with OpenSSL 3's names, string types and size
 * limits (its {@code a_strnid.c} table under {@code string_mask = utf8only}).
 */
enum DnAttribute {
    C("countryName", "2.5.4.6", StringKind.PRINTABLE, 2, 2),
    ST("stateOrProvinceName", "2.5.4.8", StringKind.UTF8, 1, 128),
    L("localityName", "2.5.4.7", StringKind.UTF8, 1, 128),
    O("organizationName", "2.5.4.10", StringKind.UTF8, 1, 64),
    OU("organizationalUnitName", "2.5.4.11", StringKind.UTF8, 1, 64),
    CN("commonName", "2.5.4.3", StringKind.UTF8, 1, 64),
    EMAIL("emailAddress", "emailAddress", "1.2.840.113549.1.9.1", StringKind.IA5, 1, 128),
    SERIAL_NUMBER("serialNumber", "serialNumber", "2.5.4.5", StringKind.PRINTABLE, 1, 64),
    STREET("street", "streetAddress", "2.5.4.9", StringKind.UTF8, -1, -1),
    DC("domainComponent", "0.9.2342.19200300.100.1.25", StringKind.IA5, 1, -1),
    UID("userId", "0.9.2342.19200300.100.1.1", StringKind.UTF8, -1, -1),
    TITLE("title", "title", "2.5.4.12", StringKind.UTF8, 1, 64),
    GN("givenName", "2.5.4.42", StringKind.UTF8, 1, 32768),
    SN("surname", "2.5.4.4", StringKind.UTF8, 1, 32768),
    INITIALS("initials", "initials", "2.5.4.43", StringKind.UTF8, 1, 32768),
    NAME("name", "name", "2.5.4.41", StringKind.UTF8, 1, 32768),
    DN_QUALIFIER("dnQualifier", "dnQualifier", "2.5.4.46", StringKind.PRINTABLE, -1, -1),
    PSEUDONYM("pseudonym", "pseudonym", "2.5.4.65", StringKind.UTF8, -1, -1),
    POSTAL_CODE("postalCode", "postalCode", "2.5.4.17", StringKind.UTF8, -1, -1),
    BUSINESS_CATEGORY("businessCategory", "businessCategory", "2.5.4.15", StringKind.UTF8, -1, -1),
    DESCRIPTION("description", "description", "2.5.4.13", StringKind.UTF8, -1, -1),
    GENERATION_QUALIFIER("generationQualifier", "generationQualifier", "2.5.4.44", StringKind.UTF8, -1, -1),
    ORGANIZATION_IDENTIFIER("organizationIdentifier", "organizationIdentifier", "2.5.4.97", StringKind.UTF8, -1, -1),
    UNSTRUCTURED_NAME("unstructuredName", "unstructuredName", "1.2.840.113549.1.9.2", StringKind.UTF8, -1, -1),
    JURISDICTION_C("jurisdictionC", "jurisdictionCountryName", "1.3.6.1.4.1.311.60.2.1.3",
            StringKind.PRINTABLE, 2, 2),
    JURISDICTION_ST("jurisdictionST", "jurisdictionStateOrProvinceName", "1.3.6.1.4.1.311.60.2.1.2",
            StringKind.UTF8, -1, -1),
    JURISDICTION_L("jurisdictionL", "jurisdictionLocalityName", "1.3.6.1.4.1.311.60.2.1.1",
            StringKind.UTF8, -1, -1);

    /** ASN.1 string types OpenSSL picks for an attribute. */
    enum StringKind { PRINTABLE, IA5, UTF8 }

    private static final Map<String, DnAttribute> BY_NAME = new HashMap<>();
    private static final Map<ASN1ObjectIdentifier, DnAttribute> BY_OID = new HashMap<>();

    static {
        for (DnAttribute attribute : values()) {
            BY_NAME.putIfAbsent(attribute.shortName, attribute);
            BY_NAME.putIfAbsent(attribute.longName, attribute);
            BY_NAME.putIfAbsent(attribute.oid.getId(), attribute);
            BY_OID.put(attribute.oid, attribute);
        }
    }

    private final String shortName;
    private final String longName;
    private final ASN1ObjectIdentifier oid;
    private final StringKind kind;
    private final int minSize;
    private final int maxSize;

    DnAttribute(String longName, String oid, StringKind kind, int minSize, int maxSize) {
        this(null, longName, oid, kind, minSize, maxSize);
    }

    DnAttribute(String shortName, String longName, String oid, StringKind kind, int minSize, int maxSize) {
        this.shortName = shortName != null ? shortName : name();
        this.longName = longName;
        this.oid = new ASN1ObjectIdentifier(oid);
        this.kind = kind;
        this.minSize = minSize;
        this.maxSize = maxSize;
    }

    /** Looks a type up as OpenSSL's {@code OBJ_txt2nid} does: short name, long name or dotted OID, case-sensitive. */
    static Optional<DnAttribute> byName(String type) {
        return Optional.ofNullable(BY_NAME.get(type));
    }

    static Optional<DnAttribute> byOid(ASN1ObjectIdentifier oid) {
        return Optional.ofNullable(BY_OID.get(oid));
    }

    /** OpenSSL's short name, as its one-line name form prints it. */
    String shortName() {
        return shortName;
    }

    ASN1ObjectIdentifier oid() {
        return oid;
    }

    /**
     * Encodes a value with OpenSSL's string type for this attribute.
     *
     * @return the value, or a reason such as "string too long (maxsize=2)" in {@link Encoded#problem()}
     */
    Encoded encode(String value) {
        int length = value.codePointCount(0, value.length());
        if (minSize > 0 && length < minSize) {
            return Encoded.problem("string too short (minsize=" + minSize + ")" + hint());
        }
        if (maxSize > 0 && length > maxSize) {
            return Encoded.problem("string too long (maxsize=" + maxSize + ")" + hint());
        }
        switch (kind) {
            case PRINTABLE:
                if (!DERPrintableString.isPrintableString(value)) {
                    return Encoded.problem("illegal characters (" + shortName
                            + " allows only letters, digits, space and ' ( ) + , - . / : = ?)" + hint());
                }
                return Encoded.of(new AttributeTypeAndValue(oid, new DERPrintableString(value)));
            case IA5:
                if (!StandardCharsets.US_ASCII.newEncoder().canEncode(value)) {
                    return Encoded.problem("illegal characters (" + shortName + " allows only ASCII characters)");
                }
                return Encoded.of(new AttributeTypeAndValue(oid, new DERIA5String(value)));
            default:
                return Encoded.of(new AttributeTypeAndValue(oid, new DERUTF8String(value)));
        }
    }

    private String hint() {
        return this == C || this == JURISDICTION_C ? "; the country must be a 2-letter code such as US or DE" : "";
    }

    /** An encoded attribute value, or why the value cannot be encoded. */
    record Encoded(AttributeTypeAndValue value, String problem) {
        static Encoded of(AttributeTypeAndValue value) {
            return new Encoded(value, null);
        }

        static Encoded problem(String problem) {
            return new Encoded(null, problem);
        }

        boolean ok() {
            return value != null;
        }
    }
}
