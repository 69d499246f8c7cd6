package io.jtunnel.app.control;

import java.io.IOException;

/** A control request could not be delivered; the message says why, naming the configuration and socket. */
public final class ControlException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why the request did not reach a running jtunnel. */
    public enum Reason {
        /** No jtunnel runs for that configuration (no socket, or nobody answers on it). */
        NOT_RUNNING,
        /** The socket or its directory may not be used by this user. */
        PERMISSION_DENIED,
        /** Anything else: a path too long, a broken connection, no reply. */
        FAILED
    }

    private final Reason reason;

    public ControlException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ControlException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
