package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One listener, several services chosen by the TLS server name ({@code sni = PRIMARY:PATTERN}), with real clients:
 * Debian's stunnel4 ({@code client = yes} with {@code sni = NAME}, checking the certificate it gets) and
 * {@code openssl s_client -servername}. Each name reaches its own upstream with its own certificate; no name or an
 * unknown one stays on the primary; a SIGHUP that adds a virtual service serves it on the same listener.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SniVirtualServicesIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static Pki pki;
    static Path alphaPem;
    static Path wildPem;
    static Path betaPem;
    static RecordingUpstream primary;
    static RecordingUpstream alpha;
    static RecordingUpstream wild;
    static RecordingUpstream beta;
    static int port;
    static Path config;
    static JtunnelProcess jtunnel;

    @BeforeAll
    static void start() throws IOException {
        pki = Pki.create(dir);
        alphaPem = serverPem("alpha", "alpha.example.com");
        wildPem = serverPem("wild", "*.wild.example");
        betaPem = serverPem("beta", "beta.example.com");
        primary = new RecordingUpstream();
        alpha = new RecordingUpstream();
        wild = new RecordingUpstream();
        beta = new RecordingUpstream();
        port = FreePorts.next();
        config = Configs.write(dir.resolve("jtunnel.conf"), configText(false));
        jtunnel = JtunnelProcess.start(dir, config.toString()).awaitListening();
    }

    /** A server certificate for {@code dnsName}, signed by the test CA, key first in one file. */
    private static Path serverPem(String cn, String dnsName) throws IOException {
        Path pem = dir.resolve(cn + ".pem");
        CertificateBundle bundle = new CertificateBuilder().subject("CN=" + cn + ",O=jtunnel test").serverAuth()
            .dnsName(dnsName).issuer(caBundle()).build();
        bundle.writeCombined(pem, true);
        return pem;
    }

    private static CertificateBundle caBundle;

    /** The CA of {@link Pki} is not kept, so the virtual services' certificates get a CA of their own. */
    private static CertificateBundle caBundle() throws IOException {
        if (caBundle == null) {
            caBundle = new CertificateBuilder().subject("CN=virtual services CA,O=jtunnel test").ca(true).build();
            caBundle.writeCertificate(dir.resolve("virtual-ca.pem"));
        }
        return caBundle;
    }

    private static String configText(boolean withBeta) {
        String text = "foreground = yes\nsyslog = no\ndebug = info\n\n"
            + "[icap]\naccept = 127.0.0.1:" + port + "\nconnect = 127.0.0.1:" + primary.port() + "\ncert = "
            + pki.serverCombined + "\n\n"
            + "[alpha]\nsni = icap:alpha.example.com\nconnect = 127.0.0.1:" + alpha.port() + "\ncert = " + alphaPem
            + "\n\n[wild]\nsni = icap:*.wild.example\nconnect = 127.0.0.1:" + wild.port() + "\ncert = " + wildPem
            + "\n";
        if (withBeta) {
            text += "\n[beta]\nsni = icap:beta.example.com\nconnect = 127.0.0.1:" + beta.port() + "\ncert = " + betaPem
                + "\n";
        }
        return text;
    }

    @AfterAll
    static void stop() throws IOException {
        if (jtunnel != null) {
            jtunnel.close();
        }
        for (RecordingUpstream upstream : new RecordingUpstream[] {primary, alpha, wild, beta}) {
            if (upstream != null) {
                upstream.close();
            }
        }
    }

    @Test
    @Order(1)
    void stunnel4_sending_a_server_name_reaches_that_virtual_service_with_its_certificate() throws Exception {
        int stunnelPort = FreePorts.next();
        Path stunnelConfig = Configs.write(dir.resolve("stunnel-client.conf"), String.join("\n",
            "foreground = yes",
            "pid =",
            "syslog = no",
            "",
            "[sni client]",
            "client = yes",
            "accept = 127.0.0.1:" + stunnelPort,
            "connect = 127.0.0.1:" + port,
            "sni = alpha.example.com",
            // stunnel accepts only alpha's certificate: a wrong one would fail its handshake
            "CAfile = " + dir.resolve("virtual-ca.pem"),
            "verifyChain = yes",
            "checkHost = alpha.example.com",
            ""));
        long before = alpha.bytes();
        int mark = jtunnel.logMark();
        try (StunnelProcess stunnel = StunnelProcess.start(dir, stunnelConfig, stunnelPort);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), stunnelPort)) {
            socket.getOutputStream().write("for alpha".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            boolean arrived = Processes.await(() -> alpha.bytes() >= before + 9, TIMEOUT);
            assertThat(arrived).as("alpha's upstream got the bytes; jtunnel log:%n%s%nstunnel log:%n%s",
                jtunnel.logSince(mark), stunnel.log()).isTrue();
        }
        String log = jtunnel.awaitLogSince(mark, "SNI: switched to service [alpha]", TIMEOUT);
        assertThat(log).contains("SNI: requested servername: alpha.example.com");
    }

    @Test
    @Order(2)
    void openssl_s_client_gets_each_names_certificate_and_upstream() throws Exception {
        assertThat(peerCn("-servername", "www.wild.example")).isEqualTo("wild");
        awaitBytes(wild, 1);
        assertThat(peerCn("-servername", "alpha.example.com")).isEqualTo("alpha");
        awaitBytes(alpha, 2);
    }

    @Test
    @Order(3)
    void no_server_name_or_an_unknown_one_stays_on_the_primary() throws Exception {
        int mark = jtunnel.logMark();
        long alphaBefore = alpha.bytes();
        long wildBefore = wild.bytes();

        assertThat(peerCn("-noservername")).isEqualTo("localhost");
        assertThat(peerCn("-servername", "other.example")).isEqualTo("localhost");

        awaitBytes(primary, 2);
        String log = jtunnel.awaitLogSince(mark, "SNI: no pattern matched servername: other.example", TIMEOUT);
        assertThat(log).contains("SNI: no servername received");
        assertThat(alpha.bytes()).isEqualTo(alphaBefore);
        assertThat(wild.bytes()).isEqualTo(wildBefore);
    }

    @Test
    @Order(4)
    void a_reload_that_adds_a_virtual_service_serves_it_on_the_same_listener() throws Exception {
        assertThat(peerCn("-servername", "beta.example.com")).isEqualTo("localhost");
        int mark = jtunnel.logMark();
        Configs.write(config, configText(true));

        jtunnel.signal("HUP");
        jtunnel.awaitLogSince(mark, "Configuration successful", TIMEOUT);

        assertThat(peerCn("-servername", "beta.example.com")).isEqualTo("beta");
        awaitBytes(beta, 1);
        assertThat(jtunnel.logSince(mark)).contains("SNI: switched to service [beta]")
            .doesNotContain("Binding service [beta]");
    }

    private static void awaitBytes(RecordingUpstream upstream, int connections) {
        boolean arrived = Processes.await(() -> upstream.connections() >= connections
            && upstream.bytes() >= 6L * connections, TIMEOUT);
        assertThat(arrived).as("upstream %s got %d connection(s) with bytes; jtunnel log:%n%s", upstream.port(),
            connections, jtunnel.stderr()).isTrue();
    }

    /** The CN of the certificate s_client got. */
    private static String peerCn(String... options) throws Exception {
        String report = sClient(options);
        return report.lines().filter(line -> line.startsWith("Peer certificate:"))
            .map(line -> line.replaceAll(".*CN = ([^,]*).*", "$1")).findFirst()
            .orElseThrow(() -> new AssertionError("no peer certificate in s_client's report:\n" + report));
    }

    /** s_client sends "hello\n" and ends; returns its report ({@code -brief}, on stderr). */
    private static String sClient(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
            "-brief"));
        command.addAll(List.of(options));
        Path report = Files.createTempFile(dir, "s_client-", ".txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectError(report.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write("hello\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return Processes.read(report);
    }
}
