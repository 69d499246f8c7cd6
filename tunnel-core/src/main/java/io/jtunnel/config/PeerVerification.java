package io.jtunnel.config;

/**
 * stunnel's four peer-certificate flags (reference §4.1): request a certificate, require one, verify its chain to a
 * trusted CA, and require the leaf itself to be in the trusted store. {@code verify}, {@code verifyChain},
 * {@code verifyPeer} and {@code requireCert} set and clear them in file order.
 */
public record PeerVerification(boolean request, boolean require, boolean chain, boolean peer) {
    public static final PeerVerification NONE = new PeerVerification(false, false, false, false);

    /** {@code verify = LEVEL}, 0 to 4. */
    public PeerVerification withVerifyLevel(int level) {
        return new PeerVerification(true, level >= 2, level >= 1 && level <= 3, level >= 3);
    }

    public PeerVerification withVerifyChain(boolean on) {
        return on ? new PeerVerification(true, true, true, peer) : new PeerVerification(request, require, false, peer);
    }

    public PeerVerification withVerifyPeer(boolean on) {
        return on ? new PeerVerification(true, true, chain, true) : new PeerVerification(request, require, chain, false);
    }

    /** {@code requireCert = yes} requests and requires; {@code no} clears only the requirement. */
    public PeerVerification withRequireCert(boolean on) {
        return on ? new PeerVerification(true, true, chain, peer) : new PeerVerification(request, false, chain, peer);
    }

    /** True when some certificate check (chain or pinned leaf) is made on a presented certificate. */
    public boolean verifies() {
        return chain || peer;
    }
}
