package io.jtunnel.config;

/** A value that an option cannot take; the message is stunnel's text for the error. */
public final class OptionValueException extends Exception {
    private static final long serialVersionUID = 1L;

    public OptionValueException(String message) {
        super(message, null, false, false);
    }
}
