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
 * jtunnel in client mode with {@code PSKsecrets} in front of the real stunnel4 as a PSK server without a
 * certificate: the right key relays every byte both ways (TLS 1.2, as jtunnel's PSK is); a wrong key and an identity
 * stunnel does not know are refused by stunnel, with its own log lines.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JtunnelPskClientToStunnelServerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String KEY = "correct horse battery staple, jtunnel edition";
    private static final String WRONG_KEY = "ffeeddccbbaa99887766554433221100";

    @TempDir
    static Path dir;

    static RecordingUpstream upstream;
    static StunnelProcess stunnel;
    static JtunnelProcess jtunnel;
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
        int stunnelPort = FreePorts.next();
        Path serverSecrets = secrets("server-psk.txt", "appliance:" + KEY + "\n");
        Path stunnelConfig = Configs.write(dir.resolve("stunnel-server.conf"), String.join("\n",
            "foreground = yes",
            "pid =",
            "syslog = no",
            "debug = info",
            "[psk-server]",
            "accept = 127.0.0.1:" + stunnelPort,
            "connect = 127.0.0.1:" + upstream.port(),
            "PSKsecrets = " + serverSecrets,
            ""));
        stunnel = StunnelProcess.start(dir, stunnelConfig, stunnelPort);

        goodPort = FreePorts.next();
        wrongKeyPort = FreePorts.next();
        unknownIdentityPort = FreePorts.next();
        Path config = Configs.write(dir.resolve("jtunnel-client.conf"), String.join("\n",
            "foreground = yes",
            "syslog = no",
            "debug = info",
            "client = yes",
            "connect = 127.0.0.1:" + stunnelPort,
            "[good]",
            "accept = 127.0.0.1:" + goodPort,
            "PSKsecrets = " + secrets("good.txt", "other:" + WRONG_KEY + "\nappliance:" + KEY + "\n"),
            "PSKidentity = appliance",
            "[wrong-key]",
            "accept = 127.0.0.1:" + wrongKeyPort,
            "PSKsecrets = " + secrets("wrong.txt", "appliance:" + WRONG_KEY + "\n"),
            "[unknown-identity]",
            "accept = 127.0.0.1:" + unknownIdentityPort,
            "PSKsecrets = " + secrets("stranger.txt", "stranger:" + KEY + "\n"),
            ""));
        jtunnel = JtunnelProcess.start(dir, config.toString()).awaitListening();
    }

    @AfterAll
    static void stop() throws IOException {
        if (jtunnel != null) {
            jtunnel.close();
        }
        if (stunnel != null) {
            stunnel.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void bytes_travel_both_ways_with_the_right_key() throws Exception {
        byte[] payload = PskExchange.payload(384 * 1024 + 5);
        int mark = jtunnel.logMark();

        byte[] back = PskExchange.roundTrip(goodPort, payload);

        assertThat(back).as("echo through jtunnel and stunnel4; jtunnel log:%n%s%nstunnel log:%n%s",
            jtunnel.logSince(mark), stunnel.log()).isEqualTo(payload);
        String log = jtunnel.awaitLogSince(mark, "PSK client configured for identity \"appliance\"", TIMEOUT);
        assertThat(log).containsPattern("TLSv1\\.2 ciphersuite: TLS_ECDHE_PSK_WITH_\\S+")
            .doesNotContain(KEY)
            .doesNotContain("needs authentication to prevent MITM attacks");
        assertThat(Processes.await(() -> stunnel.log().contains("Key configured for PSK identity \"appliance\""),
            TIMEOUT)).as("stunnel4 log:%n%s", stunnel.log()).isTrue();
    }

    @Test
    void a_wrong_key_is_refused_by_stunnel() throws Exception {
        int before = upstream.connections();
        int mark = jtunnel.logMark();

        byte[] back = PskExchange.roundTrip(wrongKeyPort, PskExchange.payload(1000));

        assertThat(back).isEmpty();
        jtunnel.awaitLogSince(mark, "SSL_connect: sslv3 alert bad record mac", TIMEOUT);
        assertThat(Processes.await(() -> stunnel.log().contains("decryption failed or bad record mac"), TIMEOUT))
            .as("stunnel4 log:%n%s", stunnel.log()).isTrue();
        assertThat(upstream.connections()).isEqualTo(before);
    }

    @Test
    void an_identity_stunnel_does_not_know_is_refused() throws Exception {
        int before = upstream.connections();
        int mark = jtunnel.logMark();

        byte[] back = PskExchange.roundTrip(unknownIdentityPort, PskExchange.payload(1000));

        assertThat(back).isEmpty();
        String log = jtunnel.awaitLogSince(mark, "SSL_connect: tlsv1 alert unknown psk identity", TIMEOUT);
        assertThat(log).contains("PSK client configured for identity \"stranger\"");
        assertThat(Processes.await(() -> stunnel.log().contains("PSK identity not found"), TIMEOUT))
            .as("stunnel4 log:%n%s", stunnel.log()).isTrue();
        assertThat(upstream.connections()).isEqualTo(before);
    }
}
