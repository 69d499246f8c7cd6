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
    private final String by;

    /** A pre-verification error: {@code reason} is OpenSSL's text, logged as {@code CERT: Pre-verification error}. */
    public PeerCertificateRejectedException(int depth, String subject, String reason) {
        this(depth, subject, reason, "CERT: Pre-verification error: " + reason);
    }

    /** @param detail stunnel's log line explaining the rejection, e.g. {@code CERT: Subject checks failed} */
    public PeerCertificateRejectedException(int depth, String subject, String reason, String detail) {
        this("CERT", depth, subject, reason, detail);
    }

    private PeerCertificateRejectedException(String by, int depth, String subject, String reason, String detail) {
        super("Rejected by " + by + " at depth=" + depth + ": " + subject + ": " + reason);
        this.by = by;
        this.depth = depth;
        this.subject = subject;
        this.reason = reason;
        this.detail = detail;
    }

    /**
     * Rejected by the OCSP check, whose lines were logged as it ran (so {@link #detail} is null). A revoked certificate
     * carries a REVOKED cause, which the openssl engine turns into the {@code certificate revoked} alert, as
     * OpenSSL does for stunnel.
     */
    public static PeerCertificateRejectedException byOcsp(int depth, String subject, boolean revoked) {
        PeerCertificateRejectedException e = new PeerCertificateRejectedException("OCSP", depth, subject,
            revoked ? "certificate revoked" : "OCSP check failed", null);
        if (revoked) {
            e.initCause(new java.security.cert.CertPathValidatorException("certificate revoked", null, null, -1,
                java.security.cert.CertPathValidatorException.BasicReason.REVOKED));
        }
        return e;
    }

    /** stunnel's {@code Rejected by CERT at depth=0: CN=...} (or {@code by OCSP}). */
    public String rejectionLine() {
        return "Rejected by " + by + " at depth=" + depth + ": " + subject;
    }

    /** The line stunnel logs before {@code Rejected by CERT ...}; null when there is none to add. */
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
