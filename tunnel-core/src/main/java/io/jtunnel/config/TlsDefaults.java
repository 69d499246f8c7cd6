package io.jtunnel.config;

/** jtunnel's TLS defaults: TLS 1.2 and 1.3 with forward-secret AEAD suites first; no NULL, RC4, 3DES, EXPORT or anonymous suites. */
public final class TlsDefaults {
    /** TLS 1.2 suites in OpenSSL names, strongest first; plain-RSA key exchange kept last for older clients. */
    public static final String CIPHERS = String.join(":",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "AES256-GCM-SHA384", "AES128-GCM-SHA256");

    /** The same TLS 1.2 suites in IANA names, as every engine takes them. */
    public static final java.util.List<String> IANA_TLS12_SUITES = java.util.List.of(
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256");

    /** Added only when a service allows TLS 1.0 or 1.1, which have no AEAD suites: ECDHE first, CBC with SHA-1. */
    public static final java.util.List<String> LEGACY_IANA_SUITES = java.util.List.of(
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
        "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA");

    /** TLS 1.3 suites, stunnel's default order. */
    public static final String CIPHERSUITES =
        "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256";

    /** Key-exchange groups BoringSSL offers by default. */
    public static final String CURVES = "X25519:P-256:P-384";

    public static final String MIN_PROTOCOL = "TLSv1.2";
    public static final String MAX_PROTOCOL = "TLSv1.3";

    private TlsDefaults() {
    }
}
