package io.jtunnel.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The protocol versions a service allows, from {@code sslVersionMin} to {@code sslVersionMax}. {@code all} means
 * jtunnel's own bounds, TLS 1.2 to 1.3: what OpenSSL 3's default security level leaves of stunnel's "library minimum".
 */
public record TlsProtocols(TlsVersion min, TlsVersion max) {
    /** The enabled versions, newest first. */
    public List<String> enabled() {
        List<String> names = new ArrayList<>();
        for (int i = max.ordinal(); i >= min.ordinal(); i--) {
            names.add(TlsVersion.values()[i].protocolName());
        }
        return names;
    }

    /** True when a version older than TLS 1.2 is allowed: deprecated (RFC 8996), only on request, and logged. */
    public boolean allowsLegacy() {
        return min.ordinal() < TlsVersion.TLSV1_2.ordinal();
    }
}
