package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import io.jtunnel.certs.OpenSsl;
import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code CRLfile} over real handshakes: a tunnel with {@code verifyChain}, {@code CAfile} and {@code CRLfile} turns
 * away a revoked client certificate before any byte reaches the upstream, as stunnel 5.68 does (checked against
 * Debian's stunnel4 with the same files), and still serves a good one; and a tunnel whose {@code cert} is PKCS#12.
 */
@Timeout(60)
class RevokedClientTest {
    private static final byte[] PING = "OPTIONS icap://x/ ICAP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Path STUNNEL = Path.of("/usr/bin/stunnel4");

    @TempDir
    Path dir;

    /** A client of the test CA that the CA's CRL lists. */
    private static CertificateBundle revokedClient(TestPki pki) {
        return new CertificateBuilder().subject("CN=revoked client,O=cloud").clientAuth().issuer(pki.ca).build();
    }

    /** The CA's current CRL listing {@code revoked}, written as PEM. */
    private Path crlFile(TestPki pki, CertificateBundle... revoked) throws Exception {
        Instant now = Instant.now();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(
            pki.ca.certificate().getSubjectX500Principal().getEncoded()), Date.from(now.minusSeconds(3600)));
        builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
        for (CertificateBundle bundle : revoked) {
            builder.addCRLEntry(bundle.certificate().getSerialNumber(), Date.from(now.minusSeconds(60)),
                CRLReason.keyCompromise);
        }
        String algorithm = "RSA".equals(pki.ca.privateKey().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
        X509CRL crl = new JcaX509CRLConverter().getCRL(builder.build(
            new JcaContentSignerBuilder(algorithm).build(pki.ca.privateKey())));
        Path file = dir.resolve("ca.crl.pem");
        Files.writeString(file, "-----BEGIN X509 CRL-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(crl.getEncoded()) + "\n-----END X509 CRL-----\n", StandardCharsets.US_ASCII);
        return file;
    }

    private static String verifyWithCrl(TestPki pki, Path crl) {
        return "CAfile = " + pki.caPem + "\nCRLfile = " + crl + "\nverifyChain = yes\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"}) // conscrypt cannot answer after a client's close_notify (half-close)
    void revoked_client_is_rejected_and_never_reaches_upstream_while_a_good_one_is_served(String engine)
        throws Exception {
        TestPki pki = new TestPki(dir);
        CertificateBundle revoked = revokedClient(pki);
        Path crl = crlFile(pki, revoked);
        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 TunnelUnderTest.service(pki, upstream.port(), verifyWithCrl(pki, crl)))) {
            assertThat(tunnel.startupLines()).contains("DEBUG Loaded " + crl + " revocation lookup file");

            assertRejected(tunnel.port(), revoked);
            assertThat(log.await("CERT: Pre-verification error: certificate revoked", Duration.ofSeconds(5)))
                .as("log: %s", log.lines()).isTrue();
            assertThat(log.contains("Rejected by CERT at depth=0: O=cloud, CN=revoked client")).isTrue();
            assertThat(log.await("SSL_accept: ", Duration.ofSeconds(5))).isTrue();
            assertThat(upstream.connections()).isZero();

            assertThat(roundTrip(tunnel.port(), pki.client, "TLSv1.3")).isEqualTo(PING);
            assertThat(roundTrip(tunnel.port(), pki.client, "TLSv1.2")).isEqualTo(PING);
            assertThat(log.contains("Certificate accepted at depth=0: O=cloud, CN=client")).isTrue();
        }
    }

    @Test
    void without_verification_the_crl_is_loaded_but_a_revoked_client_is_served() throws Exception {
        // stunnel's init_crl loads the CRLs whatever the verify options; its verify callback only looks at them
        // when verifyChain or verifyPeer is on
        TestPki pki = new TestPki(dir);
        CertificateBundle revoked = revokedClient(pki);
        Path crl = crlFile(pki, revoked);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "jdk", TunnelUnderTest.service(pki, upstream.port(),
                 "CAfile = " + pki.caPem + "\nCRLfile = " + crl + "\nrequireCert = yes\n"))) {
            assertThat(roundTrip(tunnel.port(), revoked, "TLSv1.3")).isEqualTo(PING);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void serves_the_certificate_and_chain_of_a_pkcs12_cert(String engine) throws Exception {
        TestPki pki = new TestPki(dir);
        pki.server.writeCertificate(dir.resolve("server.crt"));
        pki.server.writePrivateKey(dir.resolve("server.key"));
        new OpenSsl(dir).run("pkcs12", "-export", "-in", "server.crt", "-inkey", "server.key", "-certfile",
            pki.caPem.toString(), "-out", "server.p12", "-passout", "pass:");
        Path p12 = dir.resolve("server.p12");
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 "cert = " + p12 + "\nconnect = 127.0.0.1:" + upstream.port() + "\n")) {
            assertThat(tunnel.startupLines())
                .contains("INFO Loading certificate and private key from file: " + p12,
                    "INFO Certificate and private key loaded from file: " + p12)
                .noneMatch(line -> line.contains("Loading private key from file"));
            try (TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
                X509Certificate[] served = (X509Certificate[]) client.socket().getSession().getPeerCertificates();
                assertThat(served).containsExactly(pki.server.certificate(), pki.ca.certificate());
                client.send(PING);
                client.halfClose();
                assertThat(client.readToEnd()).isEqualTo(PING);
            }
        }
    }

    /** The same CA, CRL, server and revoked client given to Debian's stunnel4 (5.68) and to jtunnel. */
    @Test
    void stunnel4_rejects_the_same_revoked_client_with_the_same_log_lines() throws Exception {
        assumeTrue(Files.isExecutable(STUNNEL), "stunnel4 is not installed");
        TestPki pki = new TestPki(dir);
        CertificateBundle revoked = revokedClient(pki);
        Path crl = crlFile(pki, revoked);
        List<String> stunnelLines;
        try (TestUpstream upstream = TestUpstream.echo()) {
            int port = freePort();
            Path conf = dir.resolve("stunnel.conf");
            Files.writeString(conf, "foreground = yes\npid =\ndebug = debug\n[svc]\naccept = 127.0.0.1:" + port
                + "\n" + TunnelUnderTest.service(pki, upstream.port(), verifyWithCrl(pki, crl)),
                StandardCharsets.UTF_8);
            Path output = dir.resolve("stunnel.log");
            Process stunnel = new ProcessBuilder(STUNNEL.toString(), conf.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            try {
                assertThat(awaitFile(output, " bound to ", stunnel)).as("stunnel4 output:%n%s", read(output))
                    .isTrue();
                assertRejected(port, revoked);
                assertThat(awaitFile(output, "Rejected by CERT", stunnel)).as("stunnel4 output:%n%s", read(output))
                    .isTrue();
                assertThat(roundTrip(port, pki.client, "TLSv1.3")).isEqualTo(PING);
                assertThat(upstream.connections()).isEqualTo(1);
            } finally {
                stunnel.destroy();
                stunnel.waitFor(10, TimeUnit.SECONDS);
            }
            stunnelLines = read(output).lines().filter(line -> line.contains("CERT")).map(line ->
                line.substring(line.indexOf("CERT") - (line.contains("Rejected by CERT") ? "Rejected by ".length()
                    : 0))).toList();
        }
        assertThat(stunnelLines).contains("CERT: Pre-verification error: certificate revoked",
            "Rejected by CERT at depth=0: O=cloud, CN=revoked client");

        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), verifyWithCrl(pki, crl)))) {
            assertRejected(tunnel.port(), revoked);
            assertThat(log.await("Rejected by CERT", Duration.ofSeconds(5))).isTrue();
            for (String line : stunnelLines) {
                if (line.contains("certificate revoked") || line.startsWith("Rejected by CERT")) {
                    assertThat(log.contains(line)).as("jtunnel logs stunnel's line %s; log: %s", line, log.lines())
                        .isTrue();
                }
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String read(Path file) throws Exception {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static boolean awaitFile(Path file, String text, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (read(file).contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return read(file).contains(text);
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static byte[] roundTrip(int port, CertificateBundle identity, String protocol) throws Exception {
        return TlsTestClient.roundTrip(port, identity, protocol, PING);
    }

    /** In TLS 1.3 the rejection comes after the client's handshake: it shows as a failed read (TlsTestClient). */
    private static void assertRejected(int port, CertificateBundle identity) {
        assertThatThrownBy(() -> TlsTestClient.sendAndReadAnswer(port, identity, PING))
            .isInstanceOf(java.io.IOException.class);
    }
}
