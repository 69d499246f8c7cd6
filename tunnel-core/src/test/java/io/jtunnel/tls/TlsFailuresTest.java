package io.jtunnel.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** {@link TlsFailures#reason}: a failed handshake in OpenSSL 3's words. */
class TlsFailuresTest {
    @Test
    void plain_http_get_is_an_http_request() {
        // Netty's message: "not an SSL/TLS record: " + hex dump of the first bytes ("GET / HTTP/1.1\r\n")
        NotSslRecordException failure = new NotSslRecordException(
            "not an SSL/TLS record: 474554202f20485454502f312e310d0a486f73743a");

        assertThat(TlsFailures.reason(failure)).isEqualTo("http request");
    }

    @Test
    void plain_http_post_is_an_http_request() {
        assertThat(TlsFailures.reason(new NotSslRecordException("not an SSL/TLS record: 504f5354202f")))
            .isEqualTo("http request");
    }

    @Test
    void other_plain_text_is_a_wrong_version_number() {
        assertThat(TlsFailures.reason(new NotSslRecordException("not an SSL/TLS record: 5353482d322e30")))
            .isEqualTo("wrong version number");
    }

    @Test
    void a_rejection_by_our_verifier_anywhere_in_the_cause_chain_is_certificate_verify_failed() {
        PeerCertificateRejectedException rejected = new PeerCertificateRejectedException(0, "CN=x",
            "certificate has expired");
        SSLHandshakeException failure = new SSLHandshakeException("General OpenSslEngine problem");
        failure.initCause(new SSLException("wrapped", rejected));

        assertThat(TlsFailures.reason(failure)).isEqualTo("certificate verify failed");
        assertThat(TlsFailures.rejection(failure)).isSameAs(rejected);
    }

    @Test
    void boringssl_peer_did_not_return_a_certificate() {
        SSLHandshakeException failure = new SSLHandshakeException(
            "error:10000418:SSL routines:OPENSSL_internal:PEER_DID_NOT_RETURN_A_CERTIFICATE");

        assertThat(TlsFailures.reason(failure)).isEqualTo("peer did not return a certificate");
        assertThat(TlsFailures.rejection(failure)).isNull();
    }

    @Test
    void jdk_empty_client_certificate_chain_is_peer_did_not_return_a_certificate() {
        assertThat(TlsFailures.reason(new SSLHandshakeException("Empty client certificate chain")))
            .isEqualTo("peer did not return a certificate");
    }

    @Test
    void no_shared_cipher_and_unsupported_protocol() {
        assertThat(TlsFailures.reason(new SSLHandshakeException("no cipher suites in common")))
            .isEqualTo("no shared cipher");
        assertThat(TlsFailures.reason(new SSLHandshakeException(
            "error:100000f0:SSL routines:OPENSSL_internal:UNSUPPORTED_PROTOCOL"))).isEqualTo("unsupported protocol");
        assertThat(TlsFailures.reason(new SSLHandshakeException(
            "Client requested protocol TLSv1.1 is not enabled or supported in server context")))
            .isEqualTo("unsupported protocol");
    }

    @Test
    void a_closed_channel_is_a_sudden_disconnect() {
        assertThat(TlsFailures.reason(new ClosedChannelException())).isEqualTo("Peer suddenly disconnected");
    }

    @Test
    void an_unknown_failure_keeps_its_messages() {
        assertThat(TlsFailures.reason(new SSLException("something odd"))).isEqualTo("something odd");
    }

    @Test
    void only_a_handshake_timeout_is_a_timeout() {
        assertThat(TlsFailures.isTimeout(new SslHandshakeTimeoutException("handshake timed out after 10000ms")))
            .isTrue();
        assertThat(TlsFailures.isTimeout(new SSLException("x"))).isFalse();
    }
}
