package io.jtunnel.tls;

/** A certificate, key or CA file that cannot be used; the message names the file and says why. */
public final class KeyMaterialException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyMaterialException(String message) {
        super(message);
    }

    public KeyMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
