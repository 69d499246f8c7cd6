package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Server mode with {@code protocol = connect}: as stunnel's connect_server(), the service reads a plain
 * {@code CONNECT host:port} request, answers, then runs TLS on the same socket and relays to the requested target.
 */
@Timeout(60)
class HttpConnectServerTest {
    @TempDir
    Path dir;

    private static String service(TestPki pki, TestUpstream configured, String more) {
        return TunnelUnderTest.service(pki, configured.port(), "protocol = connect\n" + more);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The answer's lines up to the empty line (included), CRLF removed. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII).replace("\r", "");
                lines.add(text);
                line.reset();
                if (text.isEmpty()) {
                    return lines;
                }
            } else {
                line.write(b);
            }
        }
        lines.add("(end of stream)");
        return lines;
    }

    /** TLS over an already connected socket, echoing through the tunnel; returns what came back. */
    private static String tlsEcho(Socket plain, int port, String data) throws Exception {
        try (SSLSocket tls = (SSLSocket) TlsTestClient.context(null).getSocketFactory()
            .createSocket(plain, "localhost", port, true)) {
            tls.setSoTimeout(15_000);
            tls.startHandshake();
            tls.getOutputStream().write(ascii(data));
            tls.getOutputStream().flush();
            tls.shutdownOutput();
            return new String(tls.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void connects_to_the_requested_target_not_to_connect(String engine) throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TestUpstream configured = TestUpstream.naming("C");
             TestUpstream requested = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine, service(pki, configured, ""))) {
            Socket plain = new Socket(InetAddress.getLoopbackAddress(), tunnel.port());
            plain.setSoTimeout(15_000);
            plain.getOutputStream().write(ascii("CONNECT 127.0.0.1:" + requested.port() + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + requested.port() + "\r\nProxy-Authorization: basic Ym9iOnMzY3JldA==\r\n\r\n"));
            assertThat(readHead(plain.getInputStream())).containsExactly("HTTP/1.0 200 OK", "Server: jtunnel", "");
            assertThat(tlsEcho(plain, tunnel.port(), "hello")).isEqualTo("hello");
            assertThat(requested.connections()).isEqualTo(1);
            assertThat(configured.connections()).isZero();
            assertThat(log.await("Connection closed", Duration.ofSeconds(5))).as("%s", log.lines()).isTrue();
            assertThat(HttpConnectClientTest.texts(log)).containsSubsequence(
                " <- CONNECT 127.0.0.1:" + requested.port() + " HTTP/1.1",
                " <- Proxy-Authorization: basic (hidden)",
                " -> HTTP/1.0 200 OK",
                "TLS accepted: new session negotiated",
                "s_connect: connecting 127.0.0.1:" + requested.port());
            assertThat(String.join("\n", log.lines())).doesNotContain("Ym9iOnMzY3JldA");
        }
    }

    @Test
    void a_client_that_sends_its_hello_before_the_answer_is_served() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream configured = TestUpstream.naming("C");
             TestUpstream requested = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", service(pki, configured, ""))) {
            PipeliningSocket plain = new PipeliningSocket(tunnel.port(),
                "CONNECT localhost:" + requested.port() + " HTTP/1.0\r\n\r\n");
            assertThat(tlsEcho(plain, tunnel.port(), "early")).isEqualTo("early");
            assertThat(plain.answer).containsExactly("HTTP/1.0 200 OK", "Server: jtunnel", "");
            assertThat(plain.requestAndHelloInOneWrite).isTrue();
        }
    }

    @Test
    void bad_requests_get_stunnels_answers_and_a_reset() throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TestUpstream configured = TestUpstream.naming("C");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", service(pki, configured, ""))) {
            assertThat(answerTo(tunnel.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
                .containsExactly("HTTP/1.0 400 Bad Request Method", "Server: jtunnel", "");
            // stunnel answers after the request line, without waiting for headers
            assertThat(answerTo(tunnel.port(), "CONNECT 127.0.0.1:1\r\n"))
                .containsExactly("HTTP/1.0 400 Bad Request Protocol", "Server: jtunnel", "");
            assertThat(answerTo(tunnel.port(), "CONNECT nonexistent.invalid:1 HTTP/1.1\r\n\r\n"))
                .containsExactly("HTTP/1.0 404 Not Found", "Server: jtunnel", "");
            assertThat(answerTo(tunnel.port(), "CONNECT  HTTP/1.1\r\n\r\n"))
                .containsExactly("HTTP/1.0 404 Not Found", "Server: jtunnel", "");
            assertThat(log.await(l -> HttpConnectClientTest.texts(log).stream().filter(
                t -> t.equals("Connection reset: 0 byte(s) sent to TLS, 0 byte(s) sent to socket")).count() == 4,
                Duration.ofSeconds(10))).as("%s", log.lines()).isTrue();
            assertThat(HttpConnectClientTest.texts(log))
                .contains("Error resolving \"nonexistent.invalid\": Neither nodename nor servname known (EAI_NONAME)");
            assertThat(configured.connections()).isZero();
            assertThat(tunnel.awaitNoOpenChannels(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void a_silent_client_is_reset_after_timeout_busy() throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TestUpstream configured = TestUpstream.naming("C");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", service(pki, configured,
                 "TIMEOUTbusy = 1\n"))) {
            assertThat(answerTo(tunnel.port(), "CONNECT 127.0.0.1:1 HTTP/1.1\r\n")).singleElement()
                .isIn("(end of stream)", "(reset)");
            assertThat(HttpConnectClientTest.texts(log)).contains(
                "s_read_eof: s_poll_wait: TIMEOUTbusy exceeded: sending reset",
                "Connection reset: 0 byte(s) sent to TLS, 0 byte(s) sent to socket");
        }
    }

    @Test
    void openssl_s_client_through_the_service_as_its_proxy() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream configured = TestUpstream.naming("C");
             TestUpstream requested = TestUpstream.naming("R");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", service(pki, configured, ""))) {
            Process process = new ProcessBuilder("openssl", "s_client", "-proxy", "127.0.0.1:" + tunnel.port(),
                "-connect", "127.0.0.1:" + requested.port(), "-quiet")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start(); // stderr: its verification notes
            process.getOutputStream().write(ascii("?\n"));
            process.getOutputStream().flush();
            byte[] answer = process.getInputStream().readNBytes(1);
            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo("R");
            assertThat(configured.connections()).isZero();
        }
    }

    /** Sends {@code request} and reads the answer head; the connection is expected to end after it. */
    private static List<String> answerTo(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(ascii(request));
            try {
                return readHead(socket.getInputStream());
            } catch (java.net.SocketException reset) {
                return List.of("(reset)");
            }
        }
    }

    /**
     * A client that does not wait for the proxy's answer: the CONNECT request and the TLS client hello leave in one
     * write, and the answer head is taken off the stream before TLS reads it.
     */
    private static final class PipeliningSocket extends Socket {
        private final String request;
        private boolean requestSent;
        boolean requestAndHelloInOneWrite;
        List<String> answer;

        PipeliningSocket(int port, String request) throws IOException {
            super(InetAddress.getLoopbackAddress(), port);
            this.request = request;
            setSoTimeout(15_000);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return new FilterOutputStream(super.getOutputStream()) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (!requestSent) {
                        requestSent = true;
                        ByteArrayOutputStream both = new ByteArrayOutputStream();
                        both.write(ascii(request));
                        both.write(b, off, len);
                        requestAndHelloInOneWrite = len > 0;
                        out.write(both.toByteArray());
                        return;
                    }
                    out.write(b, off, len);
                }
            };
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return new FilterInputStream(super.getInputStream()) {
                private void skipAnswer() throws IOException {
                    if (answer == null) {
                        answer = readHead(in);
                    }
                }

                @Override
                public int read() throws IOException {
                    skipAnswer();
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    skipAnswer();
                    return in.read(b, off, len);
                }
            };
        }
    }
}
