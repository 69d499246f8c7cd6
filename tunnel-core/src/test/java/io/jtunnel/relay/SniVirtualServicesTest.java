package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SNI virtual services ({@code sni = PRIMARY:PATTERN}) with real clients: the server name picks the certificate, the
 * client-certificate checks and the upstream, as stunnel's servername callback switches the connection's section.
 */
@Timeout(60)
class SniVirtualServicesTest {
    @TempDir
    Path dir;

    private TestPki pki;
    private Path alphaPem;
    private Path wildPem;

    @BeforeEach
    void certificates() throws IOException {
        pki = new TestPki(dir);
        alphaPem = serverPem("alpha", "alpha.example.com");
        wildPem = serverPem("wild", "*.wild.example");
    }

    private Path serverPem(String cn, String dnsName) throws IOException {
        CertificateBundle bundle = new CertificateBuilder().subject("CN=" + cn).serverAuth().dnsName(dnsName)
            .issuer(pki.ca).build();
        Path pem = dir.resolve(cn + ".pem");
        bundle.writeCombined(pem, true);
        return pem;
    }

    /** The primary [svc] (accept added by TunnelUnderTest) on {@code primary}, then [alpha] and [wild]. */
    private String threeServices(TestUpstream primary, TestUpstream alpha, TestUpstream wild, String more) {
        return TunnelUnderTest.service(pki, primary.port(), more)
            + "[alpha]\nsni = svc:alpha.example.com\ncert = " + alphaPem + "\nconnect = 127.0.0.1:" + alpha.port()
            + "\n[wild]\nsni = svc:*.wild.example\ncert = " + wildPem + "\nconnect = 127.0.0.1:" + wild.port() + "\n";
    }

    /**
     * The certificate and the upstream's answer for one connection. Each call uses a new client context: a JDK client
     * resuming a session sends that session's server name again, whatever it is told.
     */
    private static String[] answer(TunnelUnderTest tunnel, CertificateBundle identity, String serverName)
        throws Exception {
        try (TlsTestClient client = TlsTestClient.connect(TlsTestClient.context(identity), tunnel.port(), "TLSv1.3",
                serverName)) {
            return new String[] {client.peerSubject(), client.ask()};
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void the_server_name_selects_the_certificate_and_the_upstream(String engine) throws Exception {
        try (TestUpstream primary = TestUpstream.naming("P");
             TestUpstream alpha = TestUpstream.naming("A");
             TestUpstream wild = TestUpstream.naming("W");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine, threeServices(primary, alpha, wild, ""))) {
            assertThat(answer(tunnel, null, "alpha.example.com")).containsExactly("CN=alpha", "A");
            assertThat(answer(tunnel, null, "ALPHA.Example.com")).containsExactly("CN=alpha", "A");
            assertThat(answer(tunnel, null, "x.wild.example")).containsExactly("CN=wild", "W");
            assertThat(answer(tunnel, null, "a.b.wild.example")).containsExactly("CN=wild", "W");
            assertThat(answer(tunnel, null, "wild.example")).containsExactly("CN=server", "P");
            assertThat(answer(tunnel, null, "other.example")).containsExactly("CN=server", "P");
            assertThat(answer(tunnel, null, null)).containsExactly("CN=server", "P");
            assertThat(List.of(primary.connections(), alpha.connections(), wild.connections()))
                .containsExactly(3, 2, 2);
        }
    }

    @Test
    void logs_stunnels_servername_lines() throws Exception {
        try (CapturedLog log = new CapturedLog();
             TestUpstream primary = TestUpstream.naming("P");
             TestUpstream alpha = TestUpstream.naming("A");
             TestUpstream wild = TestUpstream.naming("W");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", threeServices(primary, alpha, wild, ""))) {
            answer(tunnel, null, "x.wild.example");
            answer(tunnel, null, "other.example");
            answer(tunnel, null, null);

            assertThat(log.await("Connection closed", Duration.ofSeconds(10))).isTrue();
            List<String> texts = log.lines().stream().map(line -> line.substring(line.indexOf("]: ") + 3)).toList();
            assertThat(texts).containsSubsequence(
                "Service [svc] accepted connection from 127.0.0.1:" + portOf(log, 0),
                "SNI: requested servername: x.wild.example",
                "SNI: matched pattern: *.wild.example",
                "SNI: switched to service [wild]");
            assertThat(texts).contains("SNI: requested servername: other.example",
                "SNI: no pattern matched servername: other.example", "SNI: no servername received");
            assertThat(texts).doesNotContain("SNI: no virtual services defined");
        }
    }

    private static String portOf(CapturedLog log, int index) {
        List<String> accepted = log.lines().stream().filter(line -> line.contains("accepted connection from"))
            .toList();
        String line = accepted.get(index);
        return line.substring(line.lastIndexOf(':') + 1);
    }

    @Test
    void a_service_without_virtual_services_says_so_at_debug_level() throws Exception {
        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = TestUpstream.naming("P");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), ""))) {
            assertThat(answer(tunnel, null, "alpha.example.com"))
                .containsExactly("CN=server", "P");

            assertThat(log.await("SNI: no virtual services defined", Duration.ofSeconds(10))).isTrue();
            assertThat(log.contains("SNI: requested servername")).isFalse();
        }
    }

    @Test
    void openssl_s_client_gets_the_virtual_services_certificate_and_upstream() throws Exception {
        try (TestUpstream primary = answeringOnce("P");
             TestUpstream alpha = answeringOnce("A");
             TestUpstream wild = answeringOnce("W");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", threeServices(primary, alpha, wild, ""))) {
            assertThat(sClient(tunnel.port(), "-servername", "www.wild.example"))
                .contains("Peer certificate: CN = wild").endsWith("\nW");
            assertThat(sClient(tunnel.port(), "-servername", "alpha.example.com"))
                .contains("Peer certificate: CN = alpha").endsWith("\nA");
            assertThat(sClient(tunnel.port(), "-noservername")).contains("Peer certificate: CN = server")
                .endsWith("\nP");
        }
    }

    /** Reads one chunk, answers with its name and closes its side. */
    private static TestUpstream answeringOnce(String name) throws IOException {
        return new TestUpstream(socket -> {
            socket.getInputStream().read(new byte[64]);
            socket.getOutputStream().write(name.getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            socket.getInputStream().readAllBytes();
        });
    }

    /** What s_client reports (stderr, {@code -brief}) and, on the last line, what came back for its "?". */
    private String sClient(int port, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
            "-brief", "-ign_eof"));
        command.addAll(List.of(options));
        Path report = dir.resolve("s_client-" + System.nanoTime() + ".txt");
        Process process = new ProcessBuilder(command).redirectError(report.toFile()).start();
        process.getOutputStream().write("?".getBytes(StandardCharsets.US_ASCII));
        process.getOutputStream().close();
        String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return java.nio.file.Files.readString(report) + "\n" + answer;
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void a_virtual_service_requires_a_client_certificate_that_the_primary_does_not(String engine) throws Exception {
        try (TestUpstream primary = TestUpstream.naming("P");
             TestUpstream secure = TestUpstream.naming("S");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine, TunnelUnderTest.service(pki, primary.port(), "")
                 + "[secure]\nsni = svc:secure.example\ncert = " + alphaPem + "\nCAfile = " + pki.caPem
                 + "\nverifyChain = yes\nconnect = 127.0.0.1:" + secure.port() + "\n")) {
            assertThat(answer(tunnel, pki.client, "secure.example")).containsExactly("CN=alpha", "S");
            assertThatThrownBy(() -> answer(tunnel, null, "secure.example")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> answer(tunnel, pki.foreignClient, "secure.example"))
                .isInstanceOf(IOException.class);
            assertThat(answer(tunnel, null, "other.example")).containsExactly("CN=server", "P");
            assertThat(answer(tunnel, null, null)).containsExactly("CN=server", "P");
            assertThat(secure.connections()).as("rejected clients never reach the upstream").isEqualTo(1);
        }
    }

    /**
     * With one ticketKeySecret in both sections, a ticket the primary issued to a client without a certificate must
     * not let that client resume into the virtual service that requires one (stunnel: the session id context is the
     * service's name). The same ticket still resumes on the primary.
     */
    @Test
    void a_session_of_the_primary_is_not_resumed_by_a_virtual_service_sharing_its_ticket_keys() throws Exception {
        String tickets = "ticketKeySecret = 000102030405060708090a0b0c0d0e0f\n"
            + "ticketMacSecret = 101112131415161718191a1b1c1d1e1f\n";
        Path session = dir.resolve("primary-session.pem");
        try (TestUpstream primary = TestUpstream.naming("P");
             TestUpstream secure = TestUpstream.naming("S");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", TunnelUnderTest.service(pki, primary.port(),
                 tickets) + "[secure]\nsni = svc:secure.example\ncert = " + alphaPem + "\nCAfile = " + pki.caPem
                 + "\nverifyChain = yes\n" + tickets + "connect = 127.0.0.1:" + secure.port() + "\n")) {
            assertThat(resume(tunnel.port(), "other.example", "-sess_out", session.toString()))
                .contains("New, TLSv1.2");

            assertThat(resume(tunnel.port(), "secure.example", "-sess_in", session.toString()))
                .doesNotContain("Reused, TLSv1.2").contains("alert handshake failure");
            assertThat(resume(tunnel.port(), "other.example", "-sess_in", session.toString()))
                .contains("Reused, TLSv1.2");
            assertThat(secure.connections()).isZero();
        }
    }

    /** One TLS 1.2 s_client handshake with {@code serverName}; its whole report. */
    private static String resume(int port, String serverName, String... sessionOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
            "-tls1_2", "-servername", serverName));
        command.addAll(List.of(sessionOptions));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    @Test
    void a_reload_that_adds_a_virtual_service_applies_to_new_connections() throws Exception {
        try (TestUpstream primary = TestUpstream.naming("P");
             TestUpstream alpha = TestUpstream.naming("A");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, primary.port(), ""))) {
            assertThat(answer(tunnel, null, "alpha.example.com")).containsExactly("CN=server", "P");
            try (TlsTestClient open = TlsTestClient.connect(TlsTestClient.context(null), tunnel.port(), "TLSv1.3",
                    "alpha.example.com")) {
                assertThat(open.ask()).isEqualTo("P");

                tunnel.reload("[svc]\naccept = 127.0.0.1:0\n" // the same listener, kept
                    + TunnelUnderTest.service(pki, primary.port(), "")
                    + "[alpha]\nsni = svc:alpha.example.com\ncert = " + alphaPem + "\nconnect = 127.0.0.1:"
                    + alpha.port() + "\n");

                assertThat(answer(tunnel, null, "alpha.example.com")).containsExactly("CN=alpha", "A");
                assertThat(answer(tunnel, null, "beta.example.com")).containsExactly("CN=server", "P");
                assertThat(open.ask()).as("an open connection keeps its service").isEqualTo("P");
            }
            assertThat(tunnel.boundAddresses("alpha")).as("a virtual service has no listener").isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"openssl, TLSv1.2", "jdk, TLSv1.2", "jdk, TLSv1.3"})
    void half_close_works_through_a_virtual_service(String engine, String protocol) throws Exception {
        CompletableFuture<String> upstreamReceived = new CompletableFuture<>();
        try (TestUpstream primary = TestUpstream.naming("P");
             TestUpstream alpha = new TestUpstream(socket -> {
                 upstreamReceived.complete(new String(socket.getInputStream().readAllBytes(),
                     StandardCharsets.US_ASCII));
                 Thread.sleep(300); // answer well after the client half-closed
                 socket.getOutputStream().write("ICAP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                 socket.shutdownOutput();
             });
             TestUpstream wild = TestUpstream.naming("W");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 threeServices(primary, alpha, wild, "TIMEOUTclose = 5\n"));
             TlsTestClient client = TlsTestClient.connect(TlsTestClient.context(null), tunnel.port(), protocol,
                 "alpha.example.com")) {
            client.send("OPTIONS icap://x/ ICAP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            client.halfClose();

            assertThat(upstreamReceived.get(10, TimeUnit.SECONDS)).isEqualTo("OPTIONS icap://x/ ICAP/1.0\r\n\r\n");
            assertThat(new String(client.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("ICAP/1.0 200 OK\r\n\r\n");
            assertThat(alpha.failures()).isEmpty();
        }
    }

    @Test
    void plain_http_to_a_service_with_virtual_services_is_logged_as_an_http_request() throws Exception {
        try (CapturedLog log = new CapturedLog();
             TestUpstream primary = TestUpstream.naming("P");
             TestUpstream alpha = TestUpstream.naming("A");
             TestUpstream wild = TestUpstream.naming("W");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", threeServices(primary, alpha, wild, ""));
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), tunnel.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(readUntilClosed(socket.getInputStream())).isTrue();
            assertThat(log.await("SSL_accept: http request", Duration.ofSeconds(10))).isTrue();
            assertThat(log.contains("SNI: no servername received")).as("no ClientHello, no SNI callback").isFalse();
            assertThat(primary.connections() + alpha.connections() + wild.connections()).isZero();
        }
    }

    @Test
    void the_selected_services_timeouts_apply() throws Exception {
        try (CapturedLog log = new CapturedLog();
             TestUpstream primary = TestUpstream.naming("P");
             TestUpstream alpha = TestUpstream.naming("A");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", TunnelUnderTest.service(pki, primary.port(),
                 "") + "[alpha]\nsni = svc:alpha.example.com\ncert = " + alphaPem + "\nconnect = 127.0.0.1:"
                 + alpha.port() + "\nTIMEOUTidle = 1\n");
             TlsTestClient client = TlsTestClient.connect(TlsTestClient.context(null), tunnel.port(), "TLSv1.3",
                 "alpha.example.com")) {
            assertThat(client.ask()).isEqualTo("A");

            assertThat(client.readToEnd()).as("the idle connection is ended by [alpha]'s TIMEOUTidle").isEmpty();
            assertThat(log.contains("transfer: s_poll_wait: TIMEOUTidle exceeded: sending reset")).isTrue();
        }
    }

    @Test
    void a_client_that_sends_no_client_hello_is_cut_off_after_TIMEOUTbusy() throws Exception {
        try (CapturedLog log = new CapturedLog();
             TestUpstream primary = TestUpstream.naming("P");
             TestUpstream alpha = TestUpstream.naming("A");
             TestUpstream wild = TestUpstream.naming("W");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 threeServices(primary, alpha, wild, "TIMEOUTbusy = 1\n"));
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), tunnel.port())) {
            socket.setSoTimeout(10_000);

            assertThat(readUntilClosed(socket.getInputStream())).isTrue();
            assertThat(log.await("ssl_start: s_poll_wait: TIMEOUTbusy exceeded: sending reset", Duration.ofSeconds(5)))
                .isTrue();
        }
    }

    /** True once the peer closed (FIN or reset); false when the read timed out. */
    private static boolean readUntilClosed(InputStream in) {
        try {
            while (in.read() >= 0) {
                // skip whatever the tunnel answered
            }
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
