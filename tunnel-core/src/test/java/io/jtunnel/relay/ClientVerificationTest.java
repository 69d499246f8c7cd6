package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.certs.CertificateBundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * stunnel's client-certificate semantics over real handshakes (reference §4.1): CAfile alone asks for nothing,
 * verifyChain / verify = 2 require a certificate from the CA, and a rejected client never gets a byte upstream.
 */
@Timeout(60)
class ClientVerificationTest {
    private static final byte[] PING = "OPTIONS icap://x/ ICAP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void cafile_alone_accepts_clients_with_and_without_a_certificate(String engine) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 TunnelUnderTest.service(pki, upstream.port(), "CAfile = " + pki.caPem + "\n"))) {
            assertThat(roundTrip(tunnel, null, "TLSv1.3")).isEqualTo(PING);
            assertThat(roundTrip(tunnel, pki.foreignClient, "TLSv1.2")).isEqualTo(PING);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"verifyChain = yes", "verify = 2"})
    void verified_client_certificate_from_the_ca_is_relayed(String option) throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "CAfile = " + pki.caPem + "\n" + option + "\n"))) {
            assertThat(roundTrip(tunnel, pki.client, "TLSv1.3")).isEqualTo(PING);
            assertThat(roundTrip(tunnel, pki.client, "TLSv1.2")).isEqualTo(PING);
            assertThat(log.await("Certificate accepted at depth=0: O=cloud, CN=client", Duration.ofSeconds(5)))
                .as("log: %s", log.lines()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk", "conscrypt"})
    void client_without_certificate_is_rejected_and_never_reaches_upstream(String engine) throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 TunnelUnderTest.service(pki, upstream.port(), "CAfile = " + pki.caPem + "\nverifyChain = yes\n"))) {
            assertRejected(tunnel, null);
            assertThat(log.await("SSL_accept: peer did not return a certificate", Duration.ofSeconds(5)))
                .as("log: %s", log.lines()).isTrue();
            assertThat(upstream.connections()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void certificate_from_another_ca_is_rejected(String engine) throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 TunnelUnderTest.service(pki, upstream.port(), "CAfile = " + pki.caPem + "\nverifyChain = yes\n"))) {
            assertRejected(tunnel, pki.foreignClient);
            // the client presents its own root too: OpenSSL's verdict is about that root, at depth 1
            assertThat(log.await("CERT: Pre-verification error: self-signed certificate in certificate chain",
                Duration.ofSeconds(5))).as("log: %s", log.lines()).isTrue();
            assertThat(log.contains("Rejected by CERT at depth=1: CN=some other CA")).isTrue();
            assertThat(log.await("SSL_accept: certificate verify failed", Duration.ofSeconds(5))).isTrue();
            assertThat(upstream.connections()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void expired_client_certificate_is_rejected(String engine) throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 TunnelUnderTest.service(pki, upstream.port(), "CAfile = " + pki.caPem + "\nverify = 2\n"))) {
            assertRejected(tunnel, pki.expiredClient);
            assertThat(log.await("CERT: Pre-verification error: certificate has expired", Duration.ofSeconds(5)))
                .as("log: %s", log.lines()).isTrue();
            assertThat(upstream.connections()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void check_host_rejects_a_valid_certificate_for_another_name(String engine) throws Exception {
        TestPki pki = new TestPki(dir);
        String options = "CAfile = " + pki.caPem + "\nverifyChain = yes\ncheckHost = other.example.internal\n";
        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 TunnelUnderTest.service(pki, upstream.port(), options))) {
            assertRejected(tunnel, pki.client);
            assertThat(log.await("CERT: Subject checks failed", Duration.ofSeconds(5))).isTrue();
            assertThat(upstream.connections()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void verify_one_accepts_no_certificate_but_rejects_a_bad_one(String engine) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 TunnelUnderTest.service(pki, upstream.port(), "CAfile = " + pki.caPem + "\nverify = 1\n"))) {
            assertThat(roundTrip(tunnel, null, "TLSv1.3")).isEqualTo(PING);
            assertThat(roundTrip(tunnel, pki.client, "TLSv1.3")).isEqualTo(PING);
            assertRejected(tunnel, pki.foreignClient);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void require_cert_alone_accepts_any_certificate_but_not_none(String engine) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 TunnelUnderTest.service(pki, upstream.port(), "requireCert = yes\n"))) {
            assertThat(roundTrip(tunnel, pki.foreignClient, "TLSv1.3")).isEqualTo(PING);
            assertRejected(tunnel, null);
        }
    }

    private static byte[] roundTrip(TunnelUnderTest tunnel, CertificateBundle identity, String protocol)
        throws Exception {
        return TlsTestClient.roundTrip(tunnel.port(), identity, protocol, PING);
    }

    /** Nothing comes back: the handshake or the first read fails (see TlsTestClient.sendAndReadAnswer). */
    private static void assertRejected(TunnelUnderTest tunnel, CertificateBundle identity) {
        assertThatThrownBy(() -> TlsTestClient.sendAndReadAnswer(tunnel.port(), identity, PING))
            .isInstanceOf(java.io.IOException.class);
    }
}
