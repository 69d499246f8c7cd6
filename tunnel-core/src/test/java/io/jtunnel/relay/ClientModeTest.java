package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code client = yes}: plain TCP in, TLS out, with stunnel's SNI default and server verification semantics. */
@Timeout(60)
class ClientModeTest {
    @TempDir
    Path dir;

    private static String clientService(int serverPort, String more) {
        return "client = yes\nconnect = localhost:" + serverPort + "\n" + more;
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void relays_to_a_tls_server_and_sends_the_connect_host_as_sni(String engine) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TlsTestServer server = new TlsTestServer(pki.server, null);
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine, clientService(server.port(), ""))) {
            assertThat(PlainClient.exchange(tunnel.port(), "OPTIONS icap://x/ ICAP/1.0\r\n\r\n"))
                .as("echo, then the answer sent after the half-close").isEqualTo("OPTIONS icap://x/ ICAP/1.0\r\n\r\nBYE");
            assertThat(server.serverNames).containsExactly("localhost");
            assertThat(tunnel.startupLines())
                .contains("WARNING Service [svc] needs authentication to prevent MITM attacks");
        }
    }

    @Test
    void sni_option_names_the_server_or_turns_sni_off() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TlsTestServer server = new TlsTestServer(pki.server, null);
             TunnelUnderTest named = new TunnelUnderTest(dir, "openssl",
                 clientService(server.port(), "sni = icap.example.net\n"));
             TunnelUnderTest none = new TunnelUnderTest(dir, "openssl", clientService(server.port(), "sni =\n"))) {
            assertThat(PlainClient.exchange(named.port(), "a")).isEqualTo("aBYE");
            assertThat(PlainClient.exchange(none.port(), "b")).isEqualTo("bBYE");
            assertThat(server.serverNames).containsExactly("icap.example.net");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void an_ip_connect_host_is_sent_as_sni_as_stunnel_does(String engine) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TlsTestServer server = new TlsTestServer(pki.server, null);
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 "client = yes\nconnect = 127.0.0.1:" + server.port() + "\n")) {
            assertThat(PlainClient.exchange(tunnel.port(), "x")).isEqualTo("xBYE");
            assertThat(server.serverNames).containsExactly("127.0.0.1");
        }
    }

    @Test
    void verified_server_chain_and_name_are_accepted() throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TlsTestServer server = new TlsTestServer(pki.server, null);
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", clientService(server.port(),
                 "CAfile = " + pki.caPem + "\nverifyChain = yes\ncheckHost = localhost\n"))) {
            assertThat(PlainClient.exchange(tunnel.port(), "x")).isEqualTo("xBYE");
            assertThat(log.await("Certificate accepted at depth=0: CN=server", Duration.ofSeconds(5)))
                .as("%s", log.lines()).isTrue();
            assertThat(log.contains("TLS connected: new session negotiated")).isTrue();
        }
    }

    @Test
    void server_from_another_ca_or_with_another_name_is_rejected() throws Exception {
        TestPki pki = new TestPki(dir);
        CertificateBundle impostor = new CertificateBuilder().subject("CN=impostor").serverAuth()
            .dnsName("localhost").issuer(pki.otherCa).build();
        try (CapturedLog log = new CapturedLog();
             TlsTestServer fake = new TlsTestServer(impostor, null);
             TlsTestServer real = new TlsTestServer(pki.server, null);
             TunnelUnderTest toFake = new TunnelUnderTest(dir, "openssl", clientService(fake.port(),
                 "CAfile = " + pki.caPem + "\nverifyChain = yes\n"));
             TunnelUnderTest wrongName = new TunnelUnderTest(dir, "openssl", clientService(real.port(),
                 "CAfile = " + pki.caPem + "\nverifyChain = yes\ncheckHost = icap.example.net\n"))) {
            assertThat(PlainClient.exchange(toFake.port(), "secret")).isEmpty();
            assertThat(PlainClient.exchange(wrongName.port(), "secret")).isEmpty();
            assertThat(log.await("SSL_connect: certificate verify failed", Duration.ofSeconds(5)))
                .as("%s", log.lines()).isTrue();
            assertThat(log.contains("CERT: Subject checks failed")).isTrue();
            assertThat(toFake.startupLines()).contains(
                "WARNING Service [svc] uses \"verifyChain\" without subject checks",
                "WARNING Use \"checkHost\" or \"checkIP\" to restrict trusted certificates");
        }
    }

    @Test
    void client_certificate_is_presented_to_a_server_that_requires_one() throws Exception {
        TestPki pki = new TestPki(dir);
        Path clientPem = dir.resolve("client.pem");
        pki.client.writeCombined(clientPem, true);
        try (TlsTestServer server = new TlsTestServer(pki.server, pki.ca);
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 clientService(server.port(), "cert = " + clientPem + "\n"))) {
            assertThat(PlainClient.exchange(tunnel.port(), "x")).isEqualTo("xBYE");
            assertThat(server.clientSubjects).containsExactly("CN=client,O=cloud"); // the JDK's RFC 2253 order
        }
    }
}
