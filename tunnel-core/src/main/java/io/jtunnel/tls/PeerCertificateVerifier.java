package io.jtunnel.tls;

import io.jtunnel.config.PeerVerification;
import io.jtunnel.config.SecurityLevel;
import io.jtunnel.config.SubjectChecks;
import io.jtunnel.log.LogSink;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * stunnel's peer-certificate rules (verify.c) as one TrustManager, so every TLS engine applies them the same way:
 * with {@code verifyChain} the chain must lead to a trusted CA and every certificate be within its validity;
 * with {@code verifyPeer} the leaf itself must be in the trusted store (same subject and public key), and without
 * {@code verifyChain} only the leaf's own validity still counts; {@code checkHost}/{@code checkIP}/{@code checkEmail}
 * must match the leaf when set; with {@code CRLfile}/{@code CRLpath} the leaf must pass its issuer's CRL
 * ({@link CrlCheck}); keys and signatures must reach the service's security level ({@link SecurityLevelRules}, with
 * OpenSSL's "EE certificate key too weak" and kin); with {@code OCSP}/{@code OCSPaia} every certificate of the
 * chain but the root must be "good" at its responder ({@link OcspCheck}, logging to the connection's log given by
 * {@link #attachLog}); with neither flag, any certificate is accepted.
 */
public final class PeerCertificateVerifier extends X509ExtendedTrustManager {
    private final PeerVerification flags;
    private final SubjectChecks checks;
    private final List<X509Certificate> trusted;
    private final CrlCheck crlCheck;
    private final SecurityLevelRules strength;
    private final OcspCheck ocspCheck;
    // the connection log of each engine being verified; weak, so a connection that never finishes leaks nothing
    private final Map<SSLEngine, Attached> logs = Collections.synchronizedMap(new WeakHashMap<>());

    /** A connection's log, and when its handshake's checks must be over. */
    private record Attached(LogSink log, long limitNanos) {
    }

    public PeerCertificateVerifier(PeerVerification flags, SubjectChecks checks, List<X509Certificate> trusted) {
        this(flags, checks, trusted, CrlCheck.OFF);
    }

    public PeerCertificateVerifier(PeerVerification flags, SubjectChecks checks, List<X509Certificate> trusted,
                                   CrlCheck crlCheck) {
        this(flags, checks, trusted, crlCheck, OcspCheck.OFF);
    }

    public PeerCertificateVerifier(PeerVerification flags, SubjectChecks checks, List<X509Certificate> trusted,
                                   CrlCheck crlCheck, OcspCheck ocspCheck) {
        this(flags, checks, trusted, crlCheck, ocspCheck, new SecurityLevelRules(SecurityLevel.DEFAULT));
    }

    /**
     * @param crlCheck the leaf's CRL check ({@code CRLfile}/{@code CRLpath}), applied when a flag verifies
     * @param ocspCheck the chain's OCSP check ({@code OCSP}/{@code OCSPaia}), applied when a flag verifies
     * @param strength the service's security level: the key and signature strengths the chain must reach
     */
    public PeerCertificateVerifier(PeerVerification flags, SubjectChecks checks, List<X509Certificate> trusted,
                                   CrlCheck crlCheck, OcspCheck ocspCheck, SecurityLevelRules strength) {
        this.flags = flags;
        this.checks = checks;
        this.trusted = List.copyOf(trusted);
        this.crlCheck = crlCheck;
        this.strength = strength;
        this.ocspCheck = ocspCheck;
    }

    /** True when verifying may wait for a responder, so it must run off the event loop. */
    public boolean blocks() {
        return ocspCheck.enabled() && flags.verifies();
    }

    /** Where the checks of {@code engine}'s peer log (the connection's log, with its id). */
    public void attachLog(SSLEngine engine, LogSink log) {
        if (ocspCheck.enabled()) { // only the OCSP steps log and have a deadline: no map entry per connection otherwise
            logs.put(engine, new Attached(log, ocspCheck.limitForHandshakeStartingNow()));
        }
    }

    private void verify(X509Certificate[] chain, SSLEngine engine) throws CertificateException {
        Attached attached = engine == null ? null : logs.get(engine);
        if (attached == null) {
            verify(chain, LogSink.discard(), Long.MAX_VALUE);
        } else {
            verify(chain, attached.log(), attached.limitNanos());
        }
    }

    /** The pre-verification errors stunnel ignores at depth 0 when only {@code verifyPeer} is on (verify.c). */
    private static final Set<String> IGNORED_WITHOUT_CHAIN = Set.of("unable to get local issuer certificate",
        "unable to verify the first certificate", "certificate not trusted");
    /** OpenSSL's default maximum chain depth (100) is far above any real chain; this bounds a malicious one. */
    private static final int MAX_DEPTH = 16;

    /** Applies the rules to a chain as presented, leaf first. */
    public void verify(X509Certificate[] chain) throws CertificateException {
        verify(chain, LogSink.discard());
    }

    /**
     * Applies the rules to a chain as presented, leaf first, in the order of stunnel's verify callback: the chain's
     * pre-verification, then from the top down each certificate's OCSP check, the leaf's subject and pinning checks
     * coming just before its own OCSP check.
     */
    public void verify(X509Certificate[] chain, LogSink log) throws CertificateException {
        verify(chain, log, Long.MAX_VALUE);
    }

    private void verify(X509Certificate[] chain, LogSink log, long limitNanos) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new PeerCertificateRejectedException(0, "(none)", "peer did not return a certificate");
        }
        if (!flags.chain() && !flags.peer()) {
            return; // stunnel: "Certificate verification disabled"
        }
        List<X509Certificate> path = preVerify(chain);
        for (int depth = path.size() - 1; depth >= 1; depth--) {
            ocsp(path, depth, log, limitNanos);
        }
        if (!SubjectMatcher.matches(chain[0], checks)) {
            throw new PeerCertificateRejectedException(0, CertificateNames.subject(chain[0]),
                "subject checks failed", "CERT: Subject checks failed");
        }
        if (flags.peer() && !isTrustedLeaf(chain[0])) {
            throw new PeerCertificateRejectedException(0, CertificateNames.subject(chain[0]),
                "certificate not found in local repository", "CERT: Certificate not found in local repository");
        }
        ocsp(path, 0, log, limitNanos);
    }

    private void ocsp(List<X509Certificate> path, int depth, LogSink log, long limitNanos)
        throws PeerCertificateRejectedException {
        if (!ocspCheck.enabled()) {
            return;
        }
        OcspCheck.Verdict verdict = ocspCheck.check(path, depth, log, limitNanos);
        if (verdict != OcspCheck.Verdict.GOOD) {
            throw PeerCertificateRejectedException.byOcsp(depth, CertificateNames.subject(path.get(depth)),
                verdict == OcspCheck.Verdict.REVOKED);
        }
    }

    /**
     * OpenSSL's X509_verify_cert in its order: build the chain, check the CA flags, the leaf's CRL, then every
     * certificate's validity from the top down. Each error goes through stunnel's rule ({@link #error}), which with
     * only {@code verifyPeer} lets OpenSSL carry on with what it has, as the C code does.
     */
    private List<X509Certificate> preVerify(X509Certificate[] presented) throws PeerCertificateRejectedException {
        if (strength.keyWeak(presented[0])) {
            error(0, presented[0], "EE certificate key too weak");
        }
        List<X509Certificate> path = buildPath(presented);
        for (int depth = 1; depth < path.size(); depth++) {
            if (path.get(depth).getBasicConstraints() < 0) {
                error(depth, path.get(depth), "invalid CA certificate");
            }
        }
        // check_auth_level: issuers' keys, and the signatures of all but the last certificate (the trust anchor)
        for (int depth = 0; depth < path.size(); depth++) {
            if (depth > 0 && strength.keyWeak(path.get(depth))) {
                error(depth, path.get(depth), "CA certificate key too weak");
            }
            if (depth < path.size() - 1 && strength.signatureWeak(path.get(depth))) {
                error(depth, path.get(depth), "CA signature digest algorithm too weak");
            }
        }
        String revocation = crlCheck.check(path, new Date());
        if (revocation != null) {
            error(0, path.get(0), revocation);
        }
        for (int depth = path.size() - 1; depth >= 0; depth--) {
            checkValidity(path.get(depth), depth);
        }
        return path;
    }

    /**
     * stunnel's cert_check for a pre-verification error: with {@code verifyChain} every error rejects; with only
     * {@code verifyPeer} errors above the leaf and the leaf's missing-issuer errors are ignored ("CERT:
     * Pre-verification error ignored") and verification goes on.
     */
    private void error(int depth, X509Certificate certificate, String reason)
        throws PeerCertificateRejectedException {
        if (flags.chain() || (depth == 0 && !IGNORED_WITHOUT_CHAIN.contains(reason))) {
            throw new PeerCertificateRejectedException(depth, CertificateNames.subject(certificate), reason);
        }
    }

    /**
     * OpenSSL's chain building without its partial-chain mode (stunnel does not set it): the chain is linked from the
     * leaf up, issuers taken from the trusted store first and then from what the peer sent, and must end at a
     * self-signed certificate that is in the store; a trusted intermediate or a pinned leaf does not end it. On an
     * error that {@link #error} lets pass, the path built so far is returned.
     */
    private List<X509Certificate> buildPath(X509Certificate[] presented) throws PeerCertificateRejectedException {
        List<X509Certificate> path = new ArrayList<>();
        Set<X509Certificate> unused = new HashSet<>(Arrays.asList(presented).subList(1, presented.length));
        X509Certificate current = presented[0];
        boolean fromStore = false;
        while (true) {
            path.add(current);
            int depth = path.size() - 1;
            if (isSelfSigned(current)) {
                if (!trusted.contains(current)) {
                    error(depth, current,
                        depth == 0 ? "self-signed certificate" : "self-signed certificate in certificate chain");
                }
                return path;
            }
            X509Certificate issuer = issuerAmong(current, trusted);
            boolean issuerFromStore = issuer != null;
            if (issuer == null) {
                issuer = issuerAmong(current, unused);
            }
            if (issuer == null || depth >= MAX_DEPTH) {
                error(depth, current, depth >= MAX_DEPTH ? "certificate chain too long"
                    : fromStore ? "unable to get issuer certificate" : "unable to get local issuer certificate");
                return path;
            }
            unused.remove(issuer);
            fromStore = issuerFromStore;
            current = issuer;
        }
    }

    static boolean isSelfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The certificate among {@code candidates} that names and signed {@code certificate}, if any. */
    static X509Certificate issuerAmong(X509Certificate certificate, Collection<X509Certificate> candidates) {
        for (X509Certificate candidate : candidates) {
            if (candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                try {
                    certificate.verify(candidate.getPublicKey());
                    return candidate;
                } catch (GeneralSecurityException wrongKey) {
                    // same name, other key: keep looking
                }
            }
        }
        return null;
    }

    private void checkValidity(X509Certificate certificate, int depth) throws PeerCertificateRejectedException {
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException e) {
            error(depth, certificate, "certificate has expired");
        } catch (CertificateNotYetValidException e) {
            error(depth, certificate, "certificate is not yet valid");
        }
    }

    private boolean isTrustedLeaf(X509Certificate leaf) {
        for (X509Certificate candidate : trusted) {
            if (candidate.getSubjectX500Principal().equals(leaf.getSubjectX500Principal())
                && candidate.getPublicKey().equals(leaf.getPublicKey())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
        verify(chain, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
        verify(chain, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain);
    }

    /** The CA names sent in the CertificateRequest, as stunnel sends the subjects of CAfile. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trusted.toArray(new X509Certificate[0]);
    }

    /**
     * For {@code redirect}: a TrustManager that lets every handshake finish (so an unauthenticated client can be
     * redirected) and still sends this verifier's CA names. The verdict is made after the handshake with
     * {@link #verify}, on the chain the session holds, which also covers resumed sessions.
     */
    public X509ExtendedTrustManager collectingOnly() {
        PeerCertificateVerifier judge = this;
        return new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return judge.getAcceptedIssuers();
            }
        };
    }
}
