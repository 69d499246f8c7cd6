package io.jtunnel.relay;

/** Names of the handlers in a connection's pipelines, so code inserts by name and tests can check the order. */
public final class PipelineNames {
    /** Holds back TLS 1.2 close_notify records from engines that would close their outbound side. */
    public static final String CLOSE_NOTIFY_INTERCEPTOR = "close-notify-interceptor";
    /** Notes whether a connection starts with plain HTTP, for the handshake error; removes itself at once. */
    public static final String PLAIN_HTTP_DETECTOR = "plain-http-detector";
    public static final String TLS = "tls";
    /** The client side of the relay (TLS channel). */
    public static final String CLIENT_RELAY = "client-relay";
    /** The upstream side of the relay (plain channel). */
    public static final String UPSTREAM_RELAY = "upstream-relay";

    private PipelineNames() {
    }
}
