package io.jtunnel.tls;

import io.jtunnel.config.PeerVerification;
import io.jtunnel.config.SubjectChecks;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * stunnel's peer-certificate rules (verify.c) as one TrustManager, so every TLS engine applies them the same way:
 * with {@code verifyChain} the chain must lead to a trusted CA and every certificate be within its validity;
 * with {@code verifyPeer} the leaf itself must be in the trusted store (same subject and public key), and without
 * {@code verifyChain} only the leaf's own validity still counts; {@code checkHost}/{@code checkIP}/{@code checkEmail}
 * must match the leaf when set; with neither flag, any certificate is accepted.
 */
public final class PeerCertificateVerifier extends X509ExtendedTrustManager {
    private final PeerVerification flags;
    private final SubjectChecks checks;
    private final List<X509Certificate> trusted;
    private final Set<TrustAnchor> anchors = new HashSet<>();

    public PeerCertificateVerifier(PeerVerification flags, SubjectChecks checks, List<X509Certificate> trusted) {
        this.flags = flags;
        this.checks = checks;
        this.trusted = List.copyOf(trusted);
        for (X509Certificate certificate : trusted) {
            anchors.add(new TrustAnchor(certificate, null));
        }
    }

    /** Applies the rules to a chain as presented, leaf first. */
    public void verify(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new PeerCertificateRejectedException(0, "(none)", "peer did not return a certificate");
        }
        if (!flags.chain() && !flags.peer()) {
            return; // stunnel: "Certificate verification disabled"
        }
        if (flags.chain()) {
            verifyChain(chain);
        } else {
            checkValidity(chain[0], 0);
        }
        if (!SubjectMatcher.matches(chain[0], checks)) {
            throw new PeerCertificateRejectedException(0, CertificateNames.subject(chain[0]),
                "subject checks failed", "CERT: Subject checks failed");
        }
        if (flags.peer() && !isTrustedLeaf(chain[0])) {
            throw new PeerCertificateRejectedException(0, CertificateNames.subject(chain[0]),
                "certificate not found in local repository", "CERT: Certificate not found in local repository");
        }
    }

    private void verifyChain(X509Certificate[] chain) throws CertificateException {
        if (anchors.isEmpty()) {
            throw new PeerCertificateRejectedException(chain.length - 1,
                CertificateNames.subject(chain[chain.length - 1]), "unable to get local issuer certificate");
        }
        if (buildsPath(chain, null)) {
            return;
        }
        // The path does not build now. If it builds at a moment when every certificate was valid, the problem is
        // validity, which OpenSSL reports with the depth of the offending certificate.
        if (buildsPath(chain, latestNotBefore(chain))) {
            for (int depth = chain.length - 1; depth >= 0; depth--) {
                checkValidity(chain[depth], depth);
            }
        }
        X509Certificate top = chain[chain.length - 1];
        boolean selfSigned = top.getSubjectX500Principal().equals(top.getIssuerX500Principal());
        String reason = selfSigned
            ? (chain.length == 1 ? "self-signed certificate" : "self-signed certificate in certificate chain")
            : "unable to get local issuer certificate";
        throw new PeerCertificateRejectedException(chain.length - 1, CertificateNames.subject(top), reason);
    }

    private boolean buildsPath(X509Certificate[] chain, Date at) {
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(chain[0]);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setRevocationEnabled(false);
            parameters.addCertStore(CertStore.getInstance("Collection",
                new CollectionCertStoreParameters(Arrays.asList(chain))));
            if (at != null) {
                parameters.setDate(at);
            }
            CertPathBuilder.getInstance("PKIX").build(parameters);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Date latestNotBefore(X509Certificate[] chain) {
        Date latest = chain[0].getNotBefore();
        for (X509Certificate certificate : chain) {
            if (certificate.getNotBefore().after(latest)) {
                latest = certificate.getNotBefore();
            }
        }
        return new Date(latest.getTime() + 1000);
    }

    private static void checkValidity(X509Certificate certificate, int depth) throws CertificateException {
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new PeerCertificateRejectedException(depth, CertificateNames.subject(certificate),
                "certificate has expired");
        } catch (CertificateNotYetValidException e) {
            throw new PeerCertificateRejectedException(depth, CertificateNames.subject(certificate),
                "certificate is not yet valid");
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
        verify(chain);
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
        verify(chain);
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
}
