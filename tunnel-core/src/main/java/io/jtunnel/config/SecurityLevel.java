package io.jtunnel.config;

/**
 * OpenSSL's security level (0-5) as stunnel sets it: {@code securityLevel}, or stunnel's default 2 when unset (stunnel
 * raises OpenSSL's compiled-in level to at least 2). Each level is a minimum strength in bits that keys, certificate
 * signatures, cipher suites and key-exchange groups must reach; from level 1 up TLS 1.0 and 1.1 are excluded (OpenSSL
 * 3 rates their SHA-1/MD5 handshake signatures below 80 bits).
 *
 * @param userSet true when the section (or the global part) set {@code securityLevel}
 */
public record SecurityLevel(int level, boolean userSet) {
    /** stunnel's DEFAULT_SECURITY_LEVEL. */
    public static final SecurityLevel DEFAULT = new SecurityLevel(2, false);

    private static final int[] MINIMUM_BITS = {0, 80, 112, 128, 192, 256};

    public SecurityLevel {
        if (level < 0 || level > 5) {
            throw new IllegalArgumentException("security level " + level);
        }
    }

    /** The strength in bits everything must reach at this level (OpenSSL's minbits table). */
    public int minimumBits() {
        return MINIMUM_BITS[level];
    }

    /** False from level 1 up, where OpenSSL 3 refuses TLS 1.0 and 1.1. */
    public boolean allowsLegacyProtocols() {
        return level == 0;
    }

    /** From level 3 up only forward-secret key exchange is allowed, and session tickets are off. */
    public boolean requiresForwardSecrecy() {
        return level >= 3;
    }

    /** stunnel's INFO line at context set-up. */
    public String logLine() {
        return userSet ? "User-specified security level set: " + level : "stunnel default security level set: " + level;
    }
}
