package io.jtunnel.certs;

/** A subject, name or key-material error described in words an operator can act on. */
public final class CertificateInputException extends Exception {

    private static final long serialVersionUID = 1L;

    public CertificateInputException(String message) {
        super(message);
    }
}
