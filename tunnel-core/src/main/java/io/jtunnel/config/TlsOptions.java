package io.jtunnel.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code options} a service sets or clears ({@code NAME} / {@code -NAME}), starting from stunnel's NO_SSLv2 and
 * NO_SSLv3. jtunnel acts on the protocol exclusions, NO_TICKET and CIPHER_SERVER_PREFERENCE; the other names OpenSSL
 * knows change nothing with jtunnel's engines and are accepted with a notice, as stunnel does for obsolete ones.
 */
public record TlsOptions(Set<String> set) {
    /** What {@code stunnel -options} lists for Debian's stunnel 5.68 on OpenSSL 3. */
    private static final List<String> KNOWN = List.of("ALL", "ALLOW_CLIENT_RENEGOTIATION", "ALLOW_NO_DHE_KEX",
        "ALLOW_UNSAFE_LEGACY_RENEGOTIATION", "CIPHER_SERVER_PREFERENCE", "CISCO_ANYCONNECT", "CLEANSE_PLAINTEXT",
        "COOKIE_EXCHANGE", "CRYPTOPRO_TLSEXT_BUG", "DISABLE_TLSEXT_CA_NAMES", "DONT_INSERT_EMPTY_FRAGMENTS",
        "ENABLE_KTLS", "ENABLE_MIDDLEBOX_COMPAT", "EPHEMERAL_RSA", "IGNORE_UNEXPECTED_EOF", "LEGACY_SERVER_CONNECT",
        "MICROSOFT_BIG_SSLV3_BUFFER", "MICROSOFT_SESS_ID_BUG", "MSIE_SSLV2_RSA_PADDING", "NETSCAPE_CA_DN_BUG",
        "NETSCAPE_CHALLENGE_BUG", "NETSCAPE_DEMO_CIPHER_CHANGE_BUG", "NETSCAPE_REUSE_CIPHER_CHANGE_BUG",
        "NO_ANTI_REPLAY", "NO_COMPRESSION", "NO_DTLS_MASK", "NO_DTLSv1", "NO_DTLSv1_2", "NO_ENCRYPT_THEN_MAC",
        "NO_EXTENDED_MASTER_SECRET", "NO_QUERY_MTU", "NO_RENEGOTIATION", "NO_SESSION_RESUMPTION_ON_RENEGOTIATION",
        "NO_SSL_MASK", "NO_SSLv2", "NO_SSLv3", "NO_TICKET", "NO_TLSv1", "NO_TLSv1_1", "NO_TLSv1_2", "NO_TLSv1_3",
        "PKCS1_CHECK_1", "PKCS1_CHECK_2", "PRIORITIZE_CHACHA", "SAFARI_ECDHE_ECDSA_BUG", "SINGLE_DH_USE",
        "SINGLE_ECDH_USE", "SSLEAY_080_CLIENT_DH_BUG", "SSLREF2_REUSE_CERT_TYPE_BUG", "TLS_BLOCK_PADDING_BUG",
        "TLS_D5_BUG", "TLSEXT_PADDING", "TLS_ROLLBACK_BUG");

    /** Names jtunnel acts on, or whose effect jtunnel already has (no notice for those). */
    private static final Set<String> MEANINGFUL = Set.of("NO_SSLv2", "NO_SSLv3", "NO_TLSv1", "NO_TLSv1_1",
        "NO_TLSv1_2", "NO_TLSv1_3", "NO_TICKET", "CIPHER_SERVER_PREFERENCE", "NO_RENEGOTIATION", "NO_COMPRESSION");

    public static final TlsOptions DEFAULT = new TlsOptions(Set.of("NO_SSLv2", "NO_SSLv3"));

    public TlsOptions {
        set = Set.copyOf(set);
    }

    /** The canonical name of {@code NAME} or {@code -NAME}, or stunnel's error. */
    static String canonical(String raw) throws OptionValueException {
        String name = raw.startsWith("-") ? raw.substring(1) : raw;
        for (String known : KNOWN) {
            if (known.equalsIgnoreCase(name)) {
                return (raw.startsWith("-") ? "-" : "") + known;
            }
        }
        throw new OptionValueException("Illegal TLS option");
    }

    /** True for an option that changes nothing in jtunnel (so a notice says so). */
    static boolean withoutEffect(String canonical) {
        return !MEANINGFUL.contains(canonical.startsWith("-") ? canonical.substring(1) : canonical);
    }

    /** Applies the section's lines, in order, to stunnel's defaults. */
    static TlsOptions apply(List<String> lines) {
        Set<String> set = new LinkedHashSet<>(DEFAULT.set());
        for (String line : lines) {
            if (line.startsWith("-")) {
                set.remove(line.substring(1));
            } else {
                set.add(line);
            }
        }
        return new TlsOptions(set);
    }

    public boolean has(String name) {
        return set.contains(name);
    }

    /** Whether the options exclude a version ({@code NO_TLSv1_2} for {@code TLSv1.2}). */
    public boolean excludes(TlsVersion version) {
        return has("NO_" + version.protocolName().replace('.', '_')); // TLSv1.2 -> NO_TLSv1_2
    }
}
