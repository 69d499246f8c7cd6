package io.jtunnel.config;

import java.util.Optional;

/** A TLS protocol version as {@code sslVersion}, {@code sslVersionMin} and {@code sslVersionMax} name it. */
public enum TlsVersion {
    SSLV3("SSLv3"), TLSV1("TLSv1"), TLSV1_1("TLSv1.1"), TLSV1_2("TLSv1.2"), TLSV1_3("TLSv1.3");

    private final String protocolName;

    TlsVersion(String protocolName) {
        this.protocolName = protocolName;
    }

    /** The name stunnel and the JSSE both use, e.g. {@code TLSv1.2}. */
    public String protocolName() {
        return protocolName;
    }

    /** Reads a version as stunnel's str_to_proto_version: case-insensitive; {@code all} is empty (no limit). */
    static Optional<TlsVersion> parse(String text) throws OptionValueException {
        if (text.equalsIgnoreCase("all")) {
            return Optional.empty();
        }
        for (TlsVersion version : values()) {
            if (version.protocolName.equalsIgnoreCase(text)) {
                return Optional.of(version);
            }
        }
        throw new OptionValueException("Invalid protocol version");
    }
}
