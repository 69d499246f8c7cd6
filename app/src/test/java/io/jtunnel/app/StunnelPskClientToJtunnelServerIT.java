package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real stunnel4 as a TLS-PSK client ({@code PSKsecrets}, {@code PSKidentity}) in front of a jtunnel server that
 * has PSKsecrets and no certificate: the right key relays every byte both ways; a wrong key and an unknown identity
 * fail the handshake with stunnel's log lines, and nothing reaches the upstream.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StunnelPskClientToJtunnelServerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String KEY = "6a74756e6e656c2070736b2074657374206b65792031";
    private static final String WRONG_KEY = "00112233445566778899aabbccddeeff";

    @TempDir
    static Path dir;

    static RecordingUpstream upstream;
    static JtunnelProcess jtunnel;
    static StunnelProcess stunnel;
    static int goodPort;
    static int wrongKeyPort;
    static int unknownIdentityPort;

    private static Path secrets(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @BeforeAll
    static void start() throws IOException {
        upstream = RecordingUpstream.echoing();
        int jtunnelPort = FreePorts.next();
        Path serverSecrets = secrets("server-psk.txt", "someone-else:" + WRONG_KEY + "\nicap-client:" + KEY + "\n");
        Path config = Configs.write(dir.resolve("jtunnel.conf"), String.join("\n",
            "foreground = yes",
            "syslog = no",
            "debug = info",
            "[psk-server]",
            "accept = 127.0.0.1:" + jtunnelPort,
            "connect = 127.0.0.1:" + upstream.port(),
            "PSKsecrets = " + serverSecrets,
            ""));
        jtunnel = JtunnelProcess.start(dir, config.toString()).awaitListening();

        Path clientSecrets = secrets("client-psk.txt", "first:" + WRONG_KEY + "\nicap-client:" + KEY + "\n");
        Path wrongSecrets = secrets("wrong-psk.txt", "icap-client:" + WRONG_KEY + "\n");
        Path strangerSecrets = secrets("stranger-psk.txt", "stranger:" + KEY + "\n");
        goodPort = FreePorts.next();
        wrongKeyPort = FreePorts.next();
        unknownIdentityPort = FreePorts.next();
        Path stunnelConfig = Configs.write(dir.resolve("stunnel-client.conf"), String.join("\n",
            "foreground = yes",
            "pid =",
            "syslog = no",
            "debug = info",
            "client = yes",
            "connect = 127.0.0.1:" + jtunnelPort,
            "[good]",
            "accept = 127.0.0.1:" + goodPort,
            "PSKsecrets = " + clientSecrets,
            "PSKidentity = icap-client",
            "[wrong-key]",
            "accept = 127.0.0.1:" + wrongKeyPort,
            "PSKsecrets = " + wrongSecrets,
            "[unknown-identity]",
            "accept = 127.0.0.1:" + unknownIdentityPort,
            "PSKsecrets = " + strangerSecrets,
            ""));
        stunnel = StunnelProcess.start(dir, stunnelConfig, goodPort);
    }

    @AfterAll
    static void stop() throws IOException {
        if (stunnel != null) {
            stunnel.close();
        }
        if (jtunnel != null) {
            jtunnel.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void bytes_travel_both_ways_with_the_right_key() throws Exception {
        byte[] payload = PskExchange.payload(512 * 1024 + 17);
        int mark = jtunnel.logMark();

        byte[] back = PskExchange.roundTrip(goodPort, payload);

        assertThat(back).as("echo through stunnel4 and jtunnel; jtunnel log:%n%s%nstunnel log:%n%s",
            jtunnel.logSince(mark), stunnel.log()).isEqualTo(payload);
        String log = jtunnel.awaitLogSince(mark, "Connection closed: " + payload.length + " byte(s) sent to TLS, "
            + payload.length + " byte(s) sent to socket", TIMEOUT);
        assertThat(log).contains("Key configured for PSK identity \"icap-client\"")
            .containsPattern("TLSv1\\.2 ciphersuite: TLS_ECDHE_PSK_WITH_\\S+");
        assertThat(log).doesNotContain(KEY);
        assertThat(stunnel.log()).contains("PSK client configured for identity \"icap-client\"");
    }

    @Test
    void a_wrong_key_fails_the_handshake_and_reaches_nothing() throws Exception {
        int before = upstream.connections();
        int mark = jtunnel.logMark();

        byte[] back = PskExchange.roundTrip(wrongKeyPort, PskExchange.payload(1000));

        assertThat(back).isEmpty();
        String log = jtunnel.awaitLogSince(mark, "SSL_accept: decryption failed or bad record mac", TIMEOUT);
        assertThat(log).contains("Key configured for PSK identity \"icap-client\"");
        assertThat(upstream.connections()).isEqualTo(before);
    }

    @Test
    void an_unknown_identity_fails_the_handshake_and_reaches_nothing() throws Exception {
        int before = upstream.connections();
        int mark = jtunnel.logMark();

        byte[] back = PskExchange.roundTrip(unknownIdentityPort, PskExchange.payload(1000));

        assertThat(back).isEmpty();
        String log = jtunnel.awaitLogSince(mark, "SSL_accept: psk identity not found", TIMEOUT);
        assertThat(log).contains("PSK identity not found (session resumption?)");
        assertThat(upstream.connections()).isEqualTo(before);
        assertThat(Processes.await(() -> stunnel.log().contains("unknown psk identity"), TIMEOUT))
            .as("stunnel4 log:%n%s", stunnel.log()).isTrue();
    }
}
