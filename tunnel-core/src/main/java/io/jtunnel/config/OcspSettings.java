package io.jtunnel.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * stunnel 5.68's OCSP client options for the peer's certificates: the configured responder ({@code OCSP}), the
 * certificates' own AIA responders ({@code OCSPaia}), a nonce ({@code OCSPnonce}) and OpenSSL's response
 * verification flags ({@code OCSPflag}, canonical upper-case names). Checked only while the peer is verified.
 */
public record OcspSettings(Optional<String> url, boolean aia, boolean nonce, Set<String> flags) {
    public static final OcspSettings OFF = new OcspSettings(Optional.empty(), false, false, Set.of());

    /** Every name stunnel's parse_ocsp_flag knows. */
    public static final List<String> FLAG_NAMES = List.of("NOCERTS", "NOINTERN", "NOSIGS", "NOCHAIN", "NOVERIFY",
        "NOEXPLICIT", "NOCASIGN", "NODELEGATED", "NOCHECKS", "TRUSTOTHER", "RESPID_KEY", "NOTIME");

    /**
     * The flags that change nothing in stunnel 5.68's response check either, and why: OpenSSL's signing flags, and
     * the ones OpenSSL 3's OCSP_basic_verify no longer reads (or, for NOEXPLICIT, whose alternative, explicit OCSP
     * trust on a CA certificate, jtunnel's CAfile cannot carry).
     */
    public static final java.util.Map<String, String> WITHOUT_EFFECT = java.util.Map.of(
        "NOCERTS", "it applies to signing requests, which stunnel never does",
        "RESPID_KEY", "it applies to signing responses, which stunnel never does",
        "NOCASIGN", "OpenSSL 3's response verification ignores it",
        "NODELEGATED", "OpenSSL 3's response verification ignores it",
        "NOTIME", "OpenSSL 3's response verification ignores it",
        "NOEXPLICIT", "jtunnel's trusted certificates carry no explicit OCSP-signing trust to fall back on");

    public OcspSettings {
        flags = Set.copyOf(flags);
    }

    /** True when some responder is asked: {@code OCSP} or {@code OCSPaia} is set. */
    public boolean enabled() {
        return url.isPresent() || aia;
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** stunnel's parse_ocsp_flag: a known name in any case, else {@code null}. */
    static String canonicalFlag(String raw) {
        String upper = raw.toUpperCase(Locale.ROOT);
        return FLAG_NAMES.contains(upper) ? upper : null;
    }
}
