package io.jtunnel.tls;

import io.jtunnel.config.SecurityLevel;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link SecurityLevel} means for jtunnel's TLS engines, which have no security levels of their own (BoringSSL
 * dropped them; the JDK never had them): the checks OpenSSL makes on a service's own chain at start-up and on the peer's
 * chain during verification, with OpenSSL's messages, and the cipher suites and groups the level leaves.
 */
public final class SecurityLevelRules {
    /** Key-exchange groups and their strength in bits, as OpenSSL rates them. */
    private static final Map<String, Integer> GROUP_BITS = Map.of("X25519", 128, "P-256", 128, "PRIME256V1", 128,
        "SECP256R1", 128, "P-384", 192, "SECP384R1", 192, "P-521", 256, "SECP521R1", 256, "X448", 224,
        "P-224", 112);

    private final SecurityLevel level;

    public SecurityLevelRules(SecurityLevel level) {
        this.level = level;
    }

    public SecurityLevel level() {
        return level;
    }

    /**
     * OpenSSL's checks when a context loads its certificate chain (ssl_security_cert): the leaf's key, then every
     * certificate's key and the signatures of all but self-signed ones.
     *
     * @return why the chain is refused ("ee key too small: RSA 1024-bit key, ..."), or empty when it passes
     */
    public Optional<String> ownChainProblem(List<X509Certificate> chain) {
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            if (keyWeak(certificate)) {
                return Optional.of((i == 0 ? "ee key too small: " : "ca key too small: ")
                    + KeyStrength.describe(certificate.getPublicKey()) + " in " + CertificateNames.subject(certificate)
                    + needs());
            }
            if (!PeerCertificateVerifier.isSelfSigned(certificate) && signatureWeak(certificate)) {
                return Optional.of("ca md too weak: " + certificate.getSigAlgName() + " signature on "
                    + CertificateNames.subject(certificate) + needs());
            }
        }
        return Optional.empty();
    }

    private String needs() {
        return " (securityLevel " + level.level() + " needs " + level.minimumBits() + "-bit security; "
            + (level.userSet() ? "lower securityLevel" : "set securityLevel") + " only if the peer cannot be fixed)";
    }

    /**
     * A key below the level: OpenSSL's leaf check before the chain is built (X509_V_ERR_EE_KEY_TOO_SMALL) and
     * check_auth_level's for an issuer (X509_V_ERR_CA_KEY_TOO_SMALL).
     */
    boolean keyWeak(X509Certificate certificate) {
        return KeyStrength.bits(certificate.getPublicKey()) < level.minimumBits();
    }

    /** check_auth_level for every certificate below the trust anchor: X509_V_ERR_CA_MD_TOO_WEAK. */
    boolean signatureWeak(X509Certificate certificate) {
        return KeyStrength.signatureBits(certificate) < level.minimumBits();
    }

    /** Keeps the suites (IANA names) the level allows: forward secrecy from level 3, 192-bit ciphers without SHA-1 from 4. */
    public List<String> allowedSuites(List<String> suites) {
        return suites.stream().filter(this::suiteAllowed).toList();
    }

    private boolean suiteAllowed(String suite) {
        String name = suite.toUpperCase(Locale.ROOT);
        boolean tls13 = !name.contains("_WITH_");
        if (level.requiresForwardSecrecy() && !tls13 && !name.contains("DHE_")) {
            return false;
        }
        if (level.minimumBits() > 128 && (name.contains("_128_") || name.endsWith("_SHA") || name.contains("3DES"))) {
            return false;
        }
        return true;
    }

    /** From level 4 up the 128-bit TLS 1.3 suite is excluded too. */
    public boolean excludesTls13Suites() {
        return level.minimumBits() > 128;
    }

    /** The same exclusions in OpenSSL cipher-string syntax, appended to a user's {@code ciphers}. */
    public String cipherStringExclusions() {
        StringBuilder exclusions = new StringBuilder();
        if (level.requiresForwardSecrecy()) {
            exclusions.append(":!kRSA:!kPSK");
        }
        if (level.minimumBits() > 128) {
            exclusions.append(":!AES128:!SHA1:!3DES");
        }
        return exclusions.toString();
    }

    /** The groups of {@code configured} strong enough for the level, in their order. */
    public List<String> allowedGroups(List<String> configured) {
        return configured.stream()
            .filter(group -> GROUP_BITS.getOrDefault(group.toUpperCase(Locale.ROOT), 0) >= level.minimumBits())
            .toList();
    }

    /** From level 3 up OpenSSL issues no session tickets. */
    public boolean allowsTickets() {
        return !level.requiresForwardSecrecy();
    }
}
