package io.jtunnel.tls;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/** Puts a failed handshake in OpenSSL 3's words, which stunnel logs and its users' monitoring greps for. */
public final class TlsFailures {
    private TlsFailures() {
    }

    /** The peer-certificate rejection behind a failure, if our verifier caused it. */
    public static PeerCertificateRejectedException rejection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PeerCertificateRejectedException rejected) {
                return rejected;
            }
        }
        return null;
    }

    public static boolean isTimeout(Throwable failure) {
        return failure instanceof SslHandshakeTimeoutException;
    }

    /** Netty's message ends with the first bytes in hex: "GET ", "POST", "HEAD", "PUT " mean a plain HTTP request. */
    private static boolean isHttp(String message) {
        int at = message.lastIndexOf("record: ");
        if (at < 0) {
            return false;
        }
        String hex = message.substring(at + "record: ".length()).toLowerCase(java.util.Locale.ROOT);
        return hex.startsWith("47455420") || hex.startsWith("504f5354") || hex.startsWith("48454144")
            || hex.startsWith("50555420");
    }

    /** Every exception in the chain, for the debug log. */
    public static String chain(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(all.length() == 0 ? "" : " <- ").append(t);
        }
        return all.toString();
    }

    /** OpenSSL's reason text for a failed handshake, e.g. {@code peer did not return a certificate}. */
    public static String reason(Throwable failure) {
        if (rejection(failure) != null) {
            return "certificate verify failed";
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NotSslRecordException) {
                return isHttp(String.valueOf(t.getMessage())) ? "http request" : "wrong version number";
            }
        }
        if (failure instanceof ClosedChannelException) {
            return "Peer suddenly disconnected";
        }
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(' ').append(t.getMessage());
        }
        String text = all.toString();
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE") || upper.contains("EMPTY CLIENT CERTIFICATE CHAIN")
            || upper.contains("EMPTY SERVER CERTIFICATE CHAIN")) {
            return "peer did not return a certificate";
        }
        if (upper.contains("NO_SHARED_CIPHER") || upper.contains("NO CIPHER SUITES IN COMMON")) {
            return "no shared cipher";
        }
        if (upper.contains("UNSUPPORTED_PROTOCOL") || upper.contains("PROTOCOL_VERSION")
            || upper.contains("CLIENT REQUESTED PROTOCOL")) {
            return "unsupported protocol";
        }
        if (upper.contains("WRONG_VERSION_NUMBER")) {
            return "wrong version number";
        }
        if (upper.contains("HTTP_REQUEST")) {
            return "http request";
        }
        if (upper.contains("CERTIFICATE_VERIFY_FAILED")) {
            return "certificate verify failed";
        }
        // TLS-PSK (Conscrypt's BoringSSL reason codes, in OpenSSL's words)
        if (upper.contains("PSK_IDENTITY_NOT_FOUND")) {
            return "psk identity not found";
        }
        if (upper.contains("TLSV1_ALERT_UNKNOWN_PSK_IDENTITY")) {
            return "tlsv1 alert unknown psk identity";
        }
        if (upper.contains("DECRYPTION_FAILED_OR_BAD_RECORD_MAC")) {
            return "decryption failed or bad record mac";
        }
        if (upper.contains("SSLV3_ALERT_BAD_RECORD_MAC")) {
            return "sslv3 alert bad record mac";
        }
        return text.strip();
    }
}
