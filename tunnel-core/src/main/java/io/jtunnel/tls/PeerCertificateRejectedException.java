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
    private final String detail;

    /** A pre-verification error: {@code reason} is OpenSSL's text, logged as {@code CERT: Pre-verification error}. */
    public PeerCertificateRejectedException(int depth, String subject, String reason) {
        this(depth, subject, reason, "CERT: Pre-verification error: " + reason);
    }

    /** @param detail stunnel's log line explaining the rejection, e.g. {@code CERT: Subject checks failed} */
    public PeerCertificateRejectedException(int depth, String subject, String reason, String detail) {
        super("Rejected by CERT at depth=" + depth + ": " + subject + ": " + reason);
        this.depth = depth;
        this.subject = subject;
        this.reason = reason;
        this.detail = detail;
    }

    /** The line stunnel logs before {@code Rejected by CERT ...}. */
    public String detail() {
        return detail;
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
