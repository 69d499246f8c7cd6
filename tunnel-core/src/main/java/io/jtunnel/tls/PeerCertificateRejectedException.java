package io.jtunnel.tls;

import java.security.cert.CertificateException;

/**
 * A peer certificate that stunnel's rules reject: at which depth of the chain, whose certificate, and OpenSSL's
 * wording of the reason ({@code certificate has expired}, {@code unable to get local issuer certificate}, ...).
 */
public final class PeerCertificateRejectedException extends CertificateException {
    private static final long serialVersionUID = 1L;
    private final int depth;
    private final String subject;
    private final String reason;

    public PeerCertificateRejectedException(int depth, String subject, String reason) {
        super("Rejected by CERT at depth=" + depth + ": " + subject + ": " + reason);
        this.depth = depth;
        this.subject = subject;
        this.reason = reason;
    }

    public int depth() {
        return depth;
    }

    public String subject() {
        return subject;
    }

    public String reason() {
        return reason;
    }
}
