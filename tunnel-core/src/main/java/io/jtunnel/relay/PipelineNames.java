package io.jtunnel.relay;

/** Names of the handlers in a connection's pipelines, so code inserts by name and tests can check the order. */
public final class PipelineNames {
    /** Holds back TLS 1.2 close_notify records from engines that would close their outbound side. */
    public static final String CLOSE_NOTIFY_INTERCEPTOR = "close-notify-interceptor";
    /** Notes whether a connection starts with plain HTTP, for the handshake error; removes itself at once. */
    public static final String PLAIN_HTTP_DETECTOR = "plain-http-detector";
    /** Holds the TCP end of stream back while the handshake waits for a verification task (OCSP). */
    public static final String END_OF_STREAM_DEFERRER = "end-of-stream-deferrer";
    public static final String TLS = "tls";
    /** Reads the ClientHello's server name and puts the selected SNI virtual service's TLS in its place. */
    public static final String SNI = "sni";
    /** {@code protocol = connect}: the HTTP CONNECT exchange before TLS; removes itself once the tunnel is open. */
    public static final String HTTP_CONNECT = "http-connect";
    /** The TLS side of the relay: the accepted socket in server mode, the upstream in client mode. */
    public static final String TLS_RELAY = "tls-relay";
    /** The plain side of the relay: the upstream in server mode, the accepted socket in client mode. */
    public static final String PLAIN_RELAY = "plain-relay";

    private PipelineNames() {
    }
}
