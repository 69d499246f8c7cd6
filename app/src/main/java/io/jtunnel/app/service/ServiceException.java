package io.jtunnel.app.service;

/** The service commands cannot work here at all (say, the install folder is unknown); the message says why. */
public final class ServiceException extends Exception {
    private static final long serialVersionUID = 1L;

    public ServiceException(String message) {
        super(message);
    }
}
