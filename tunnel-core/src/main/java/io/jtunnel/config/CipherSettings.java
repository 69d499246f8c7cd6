package io.jtunnel.config;

import java.util.List;
import java.util.Optional;

/**
 * {@code ciphers} (TLS 1.2 and older, OpenSSL's cipher-string syntax), {@code ciphersuites} (TLS 1.3 suite names)
 * and {@code curves} (key-exchange groups); empty when jtunnel's defaults apply.
 */
public record CipherSettings(Optional<String> ciphers, Optional<List<String>> ciphersuites,
                             Optional<List<String>> curves) {
    /** The three TLS 1.3 suites every engine offers by default. */
    public static final List<String> ALL_TLS13_SUITES = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
        "TLS_CHACHA20_POLY1305_SHA256");

    /** True when {@code ciphersuites} leaves out some of the TLS 1.3 suites. */
    public boolean restrictsTls13() {
        return ciphersuites.map(list -> !list.containsAll(ALL_TLS13_SUITES)).orElse(false);
    }
}
