package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS-PSK ({@code PSKsecrets}, {@code PSKidentity}) against real peers: {@code openssl s_client -psk} to a jtunnel
 * server and a jtunnel client to {@code openssl s_server -psk -nocert}, with bytes relayed, wrong keys and unknown
 * identities refused, and stunnel's log lines. The service runs on Conscrypt whatever the default engine is.
 */
@Timeout(90)
class PskTest {
    private static final String KEY_HEX = "00112233445566778899aabbccddeeff0123456789abcdef";
    private static final String OTHER_HEX = "ffeeddccbbaa99887766554433221100";
    private static final String ASCII_KEY = "correct horse battery staple";

    @TempDir
    Path dir;

    private Path secrets(String text) throws IOException {
        Path file = dir.resolve("psk-" + System.nanoTime() + ".txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** Reads one line and answers {@code ECHO <line>}, then closes: s_client ends when the answer is complete. */
    private static TestUpstream lineEcho() throws IOException {
        return new TestUpstream(socket -> {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            socket.getOutputStream().write(("ECHO " + line.toString(StandardCharsets.US_ASCII) + "\n")
                .getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            in.transferTo(java.io.OutputStream.nullOutputStream());
        });
    }

    /** {@code openssl s_client} with a PSK, sending {@code input}; everything it printed (stdout and stderr). */
    private static String sClient(int port, String input, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
            "-quiet", "-ign_eof"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    private static String psk(String hex, String identity) {
        return "-psk " + hex + " -psk_identity " + identity;
    }

    private static String[] args(String... groups) {
        List<String> all = new ArrayList<>();
        for (String group : groups) {
            all.addAll(List.of(group.split(" ")));
        }
        return all.toArray(new String[0]);
    }

    private String serverLines(Path secrets, int upstreamPort, String more) {
        return "PSKsecrets = " + secrets + "\nconnect = 127.0.0.1:" + upstreamPort + "\n" + more;
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk", "conscrypt"})
    void openssl_psk_client_reaches_the_upstream_through_a_server_without_certificate(String engine)
        throws Exception {
        Path file = secrets("first:" + OTHER_HEX + "\nappliance:" + KEY_HEX + "\n");
        try (TestUpstream upstream = lineEcho();
             CapturedLog log = new CapturedLog();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine, serverLines(file, upstream.port(), ""))) {
            String output = sClient(tunnel.port(), "hello through psk\n",
                args("-tls1_2", psk(KEY_HEX, "appliance")));

            assertThat(output).contains("ECHO hello through psk");
            assertThat(log.await("Key configured for PSK identity \"appliance\"", Duration.ofSeconds(10))).isTrue();
            assertThat(log.await(line -> line.matches(".*TLSv1\\.2 ciphersuite: TLS_ECDHE_PSK_WITH_.*"),
                Duration.ofSeconds(10))).as("%s", log.lines()).isTrue();
            if (!engine.equals("conscrypt")) {
                assertThat(tunnel.startupLines()).contains("INFO Service [svc]: PSKsecrets: this service uses the"
                    + " conscrypt TLS engine, the only one with TLS-PSK (the " + engine + " engine has none)");
            }
            assertThat(tunnel.startupLines()).contains("INFO Service [svc]: PSKsecrets: TLS 1.2 only (Conscrypt has"
                + " no TLS 1.3 PSK)");
            assertThat(log.lines()).noneMatch(line -> line.toLowerCase().contains(KEY_HEX));
        }
    }

    @Test
    void default_range_negotiates_tls12_psk_even_when_the_client_offers_tls13() throws Exception {
        Path file = secrets("appliance:" + KEY_HEX + "\n");
        try (TestUpstream upstream = lineEcho();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", serverLines(file, upstream.port(), ""))) {
            String output = SClient.brief(tunnel.port(), args(psk(KEY_HEX, "appliance")));

            assertThat(output).contains("Protocol version: TLSv1.2").contains("Ciphersuite: ECDHE-PSK-");
        }
    }

    @Test
    void ascii_key_works_as_its_bytes() throws Exception {
        Path file = secrets("ascii-id:" + ASCII_KEY + "\n");
        String hex = HexFormat.of().formatHex(ASCII_KEY.getBytes(StandardCharsets.US_ASCII));
        try (TestUpstream upstream = lineEcho();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", serverLines(file, upstream.port(), ""))) {
            assertThat(sClient(tunnel.port(), "ascii\n", args("-tls1_2", psk(hex, "ascii-id"))))
                .contains("ECHO ascii");
        }
    }

    @Test
    void unknown_identity_fails_the_handshake_with_stunnels_log_line() throws Exception {
        Path file = secrets("appliance:" + KEY_HEX + "\n");
        try (TestUpstream upstream = lineEcho();
             CapturedLog log = new CapturedLog();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", serverLines(file, upstream.port(), ""))) {
            String output = sClient(tunnel.port(), "never\n", args("-tls1_2", psk(KEY_HEX, "stranger")));

            assertThat(output).doesNotContain("ECHO").containsIgnoringCase("unknown psk identity");
            assertThat(log.await("PSK identity not found (session resumption?)", Duration.ofSeconds(10))).isTrue();
            assertThat(log.await("SSL_accept: psk identity not found", Duration.ofSeconds(10)))
                .as("%s", log.lines()).isTrue();
            assertThat(upstream.connections()).isZero();
        }
    }

    @Test
    void wrong_key_fails_the_handshake() throws Exception {
        Path file = secrets("appliance:" + KEY_HEX + "\n");
        try (TestUpstream upstream = lineEcho();
             CapturedLog log = new CapturedLog();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", serverLines(file, upstream.port(), ""))) {
            String output = sClient(tunnel.port(), "never\n", args("-tls1_2", psk(OTHER_HEX, "appliance")));

            assertThat(output).doesNotContain("ECHO").containsIgnoringCase("bad record mac");
            assertThat(log.await("Key configured for PSK identity \"appliance\"", Duration.ofSeconds(10))).isTrue();
            assertThat(log.await("SSL_accept: decryption failed or bad record mac", Duration.ofSeconds(10)))
                .as("%s", log.lines()).isTrue();
            assertThat(upstream.connections()).isZero();
        }
    }

    @Test
    void server_with_a_certificate_also_serves_certificate_clients_over_tls12() throws Exception {
        TestPki pki = new TestPki(dir);
        Path file = secrets("appliance:" + KEY_HEX + "\n");
        try (TestUpstream upstream = lineEcho();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 serverLines(file, upstream.port(), "cert = " + pki.serverPem + "\n"))) {
            assertThat(sClient(tunnel.port(), "by psk\n", args("-tls1_2", psk(KEY_HEX, "appliance"))))
                .contains("ECHO by psk");
            assertThat(sClient(tunnel.port(), "by certificate\n", "-tls1_2")).contains("ECHO by certificate");
            assertThat(SClient.brief(tunnel.port(), "-tls1_2")).contains("Ciphersuite: ECDHE-RSA-")
                .contains("Peer certificate: CN = server");
            assertThat(SClient.brief(tunnel.port(), "-tls1_3")).as("TLS 1.3 is off on a PSK service")
                .doesNotContain("Protocol version: TLSv1.3");
        }
    }

    @Test
    void client_mode_reaches_an_openssl_psk_server_without_certificate() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process server = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-nocert",
            "-psk", KEY_HEX, "-psk_identity", "appliance", "-naccept", "1", "-rev")
            .redirectErrorStream(true).start();
        StringBuffer serverOutput = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                server.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    serverOutput.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        try (CapturedLog log = new CapturedLog()) {
            awaitAccepting(serverOutput);
            Path file = secrets("other:" + OTHER_HEX + "\nappliance:" + KEY_HEX + "\n");
            try (TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", "client = yes\nPSKsecrets = " + file
                + "\nPSKidentity = appliance\nconnect = 127.0.0.1:" + port + "\n");
                 Socket socket = new Socket(InetAddress.getLoopbackAddress(), tunnel.port())) {
                socket.setSoTimeout(15_000);
                socket.getOutputStream().write("hello psk server\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(readLine(socket.getInputStream())).isEqualTo("revres ksp olleh");
                assertThat(log.await("PSK client configured for identity \"appliance\"", Duration.ofSeconds(10)))
                    .isTrue();
                assertThat(tunnel.startupLines())
                    .noneMatch(line -> line.contains("needs authentication to prevent MITM attacks"));
            }
        } finally {
            // -naccept 1: s_server ends by itself after the connection
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroy();
            }
            reader.join(10_000);
        }
        assertThat(serverOutput.toString()).contains("CONNECTION ESTABLISHED").contains("Protocol version: TLSv1.2")
            .doesNotContain("client identity not what we expected");
    }

    @Test
    void jtunnel_client_and_server_talk_psk_with_the_first_identity_by_default() throws Exception {
        Path serverFile = secrets("a:" + OTHER_HEX + "\nb:" + KEY_HEX + "\n");
        Path clientFile = secrets("b:" + KEY_HEX + "\n");
        try (TestUpstream upstream = lineEcho();
             CapturedLog log = new CapturedLog();
             TunnelUnderTest server = new TunnelUnderTest(dir, "openssl", serverLines(serverFile, upstream.port(), ""));
             TunnelUnderTest client = new TunnelUnderTest(dir, "jdk", "client = yes\nPSKsecrets = " + clientFile
                 + "\nconnect = 127.0.0.1:" + server.port() + "\n");
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), client.port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("client to server\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(readLine(socket.getInputStream())).isEqualTo("ECHO client to server");
            assertThat(log.await("Key configured for PSK identity \"b\"", Duration.ofSeconds(10))).isTrue();
            assertThat(log.await("PSK client configured for identity \"b\"", Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void reload_reads_the_secrets_file_again() throws Exception {
        Path file = secrets("appliance:" + KEY_HEX + "\n");
        try (TestUpstream upstream = lineEcho();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", serverLines(file, upstream.port(), ""))) {
            assertThat(sClient(tunnel.port(), "old\n", args("-tls1_2", psk(KEY_HEX, "appliance"))))
                .contains("ECHO old");

            Files.writeString(file, "appliance:" + OTHER_HEX + "\n");
            tunnel.reload("debug = debug\n[svc]\naccept = 127.0.0.1:0\n"
                + serverLines(file, upstream.port(), ""));

            assertThat(sClient(tunnel.port(), "stale\n", args("-tls1_2", psk(KEY_HEX, "appliance"))))
                .doesNotContain("ECHO");
            assertThat(sClient(tunnel.port(), "new\n", args("-tls1_2", psk(OTHER_HEX, "appliance"))))
                .contains("ECHO new");
        }
    }

    /** Waits until s_server listens, without a probe connection (that would use up its one accept). */
    private static void awaitAccepting(StringBuffer serverOutput) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!serverOutput.toString().contains("ACCEPT")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("openssl s_server did not listen: " + serverOutput);
            }
            Thread.sleep(20);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
