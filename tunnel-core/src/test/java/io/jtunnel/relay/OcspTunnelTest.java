package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.certs.CertificateBundle;
import io.jtunnel.tls.BcOcspResponder;
import io.jtunnel.tls.OcspTestPki;
import io.jtunnel.tls.OpensslOcspResponder;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code OCSP} over real handshakes: a server-mode tunnel with {@code verifyChain} asks a real {@code openssl ocsp}
 * about each client, turns a revoked one away before the upstream sees it with stunnel's lines, serves a good one;
 * the check runs on a verification thread, so a responder that hangs does not hold the event loop; and a client-mode
 * tunnel checks the server's certificate the same way.
 */
@Timeout(90)
class OcspTunnelTest {
    private static final byte[] PING = "OPTIONS icap://x/ ICAP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private static String server(OcspTestPki pki, int upstreamPort, String more) {
        return "cert = " + pki.serverPem + "\nconnect = 127.0.0.1:" + upstreamPort + "\nCAfile = " + pki.caPem
            + "\nverifyChain = yes\n" + more;
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk", "conscrypt"})
    void good_client_is_served_and_revoked_one_rejected_with_stunnels_lines(String engine) throws Exception {
        OcspTestPki pki = new OcspTestPki(dir);
        try (CapturedLog log = new CapturedLog();
             OpensslOcspResponder responder = new OpensslOcspResponder(pki);
             TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 server(pki, upstream.port(), "OCSP = " + responder.url() + "\n"))) {
            assertThat(roundTrip(tunnel.port(), pki.good)).as("log: %s", log.lines()).isEqualTo(PING);
            assertThat(log.contains("OCSP: Certificate accepted")).isTrue();
            assertThat(log.contains("Certificate accepted at depth=0: CN=good client")).isTrue();

            assertRejected(tunnel.port(), pki.revoked);
            assertThat(log.await("SSL_accept: certificate verify failed", Duration.ofSeconds(10)))
                .as("log: %s", log.lines()).isTrue();
            assertThat(texts(log)).containsSubsequence(
                "OCSP: Connecting the configured responder \"" + responder.url() + "\"",
                "OCSP: Status: revoked", "OCSP: Certificate revoked: 1: keyCompromise",
                "Rejected by OCSP at depth=0: CN=revoked client", "SSL_accept: certificate verify failed");
            assertThat(upstream.connections()).isEqualTo(1);
            // the check runs on a verification thread, never on an event loop
            assertThat(log.threadOf("OCSP: Connecting the configured responder")).startsWith("jtunnel-verify-");
            if (engine.equals("conscrypt")) {
                assertThat(tunnel.startupLines()).contains("NOTICE Service [svc]: OCSP checks would block the"
                    + " conscrypt engine's event loop (it has no delegated tasks): this service uses the jdk engine");
            }
        }
    }

    @Test
    void dead_responder_rejects_every_client() throws Exception {
        OcspTestPki pki = new OcspTestPki(dir);
        int port = OpensslOcspResponderPort.free();
        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 server(pki, upstream.port(), "OCSP = http://127.0.0.1:" + port + "/\n"))) {
            assertRejected(tunnel.port(), pki.good);
            assertThat(log.await("Rejected by OCSP at depth=0: CN=good client", Duration.ofSeconds(10)))
                .as("log: %s", log.lines()).isTrue();
            assertThat(log.contains("s_connect: connect 127.0.0.1:" + port + ": Connection refused (111)")).isTrue();
            assertThat(upstream.connections()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void a_hanging_responder_does_not_hold_the_event_loop(String engine) throws Exception {
        OcspTestPki pki = new OcspTestPki(dir);
        CountDownLatch release = new CountDownLatch(1);
        BcOcspResponder.Signed answers = new BcOcspResponder.Signed(pki.responder);
        BigInteger slow = pki.unlisted.certificate().getSerialNumber();
        try (BcOcspResponder responder = new BcOcspResponder(request -> {
                 if (request.getRequestList()[0].getCertID().getSerialNumber().equals(slow)) {
                     release.await(60, TimeUnit.SECONDS);
                 }
                 return answers.answer(request);
             });
             TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 server(pki, upstream.port(), "OCSP = " + responder.url() + "\n"), 1)) {
            CompletableFuture<byte[]> held = CompletableFuture.supplyAsync(() -> {
                try {
                    return roundTrip(tunnel.port(), pki.unlisted);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            while (responder.requests.isEmpty()) {
                Thread.sleep(10); // the held client's check has reached the responder
            }
            // the one event loop still serves a whole other connection while that check waits
            assertThat(roundTrip(tunnel.port(), pki.good)).isEqualTo(PING);
            assertThat(held).isNotDone();
            release.countDown();
            assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(PING);
        } finally {
            release.countDown();
        }
    }

    @Test
    void nonce_and_aia_over_real_handshakes() throws Exception {
        OcspTestPki pki = new OcspTestPki(dir);
        BcOcspResponder.Signed answers = new BcOcspResponder.Signed(pki.responder);
        try (CapturedLog log = new CapturedLog();
             BcOcspResponder responder = new BcOcspResponder(answers);
             TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 server(pki, upstream.port(), "OCSPaia = yes\nOCSPnonce = yes\n"))) {
            CertificateBundle aiaClient = pki.aiaClient("CN=aia client", responder.url());
            assertThat(roundTrip(tunnel.port(), aiaClient)).isEqualTo(PING);
            assertThat(log.contains("OCSP: Connecting the AIA responder \"" + responder.url() + "\"")).isTrue();
            assertThat(responder.requests).hasSize(1);
            assertThat(responder.requests.get(0).getExtension(
                org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce)).isNotNull();

            answers.withoutNonce();
            assertRejected(tunnel.port(), aiaClient);
            assertThat(log.await("Rejected by OCSP at depth=0: CN=aia client", Duration.ofSeconds(10))).isTrue();
            assertThat(log.contains("OCSP: Invalid or unsupported nonce")).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void client_mode_checks_the_servers_certificate(String engine) throws Exception {
        OcspTestPki pki = new OcspTestPki(dir);
        try (CapturedLog log = new CapturedLog();
             OpensslOcspResponder responder = new OpensslOcspResponder(pki);
             TlsTestServer good = new TlsTestServer(pki.server, null);
             TlsTestServer revoked = new TlsTestServer(pki.revokedServer, null);
             TunnelUnderTest toGood = new TunnelUnderTest(dir, engine, client(pki, good.port(), responder));
             TunnelUnderTest toRevoked = new TunnelUnderTest(dir, engine, client(pki, revoked.port(), responder))) {
            assertThat(PlainClient.exchange(toGood.port(), "a")).isEqualTo("aBYE");
            assertThat(PlainClient.exchange(toRevoked.port(), "b")).isEmpty();
            assertThat(log.await("Rejected by OCSP at depth=0: CN=revoked server", Duration.ofSeconds(10)))
                .as("log: %s", log.lines()).isTrue();
            assertThat(texts(log)).containsSubsequence("OCSP: Certificate revoked: 4: superseded",
                "Rejected by OCSP at depth=0: CN=revoked server", "SSL_connect: certificate verify failed");
        }
    }

    /** The logged texts without their {@code [id]: } prefix. */
    private static java.util.List<String> texts(CapturedLog log) {
        return log.lines().stream().map(line -> line.substring(line.indexOf("]: ") + 3)).toList();
    }

    private static String client(OcspTestPki pki, int serverPort, OpensslOcspResponder responder) {
        return "client = yes\nconnect = 127.0.0.1:" + serverPort + "\nCAfile = " + pki.caPem
            + "\nverifyChain = yes\ncheckHost = localhost\nOCSP = " + responder.url() + "\n";
    }

    private static byte[] roundTrip(int port, CertificateBundle identity) throws Exception {
        return TlsTestClient.roundTrip(port, identity, "TLSv1.3", PING);
    }

    /** In TLS 1.3 the rejection comes after the client's handshake: it shows as a failed read. */
    private static void assertRejected(int port, CertificateBundle identity) {
        assertThatThrownBy(() -> TlsTestClient.sendAndReadAnswer(port, identity, PING))
            .isInstanceOf(java.io.IOException.class);
    }

    /** A loopback port nothing listens on. */
    private static final class OpensslOcspResponderPort {
        static int free() throws Exception {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }
    }
}
