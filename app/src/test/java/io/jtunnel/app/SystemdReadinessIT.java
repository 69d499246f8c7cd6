package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under systemd ({@code Type=notify}) jtunnel says READY=1 only when its ports are bound, RELOADING=1 then READY=1
 * around a SIGHUP reload, and STOPPING=1 on SIGTERM; the notify socket here is a real one that the test listens on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SystemdReadinessIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static Pki pki;

    JtunnelProcess jtunnel;
    RecordingUpstream upstream;

    @BeforeAll
    static void certificates() throws IOException {
        pki = Pki.create(dir);
    }

    @AfterEach
    void kill() throws IOException {
        if (jtunnel != null) {
            jtunnel.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void ready_means_the_port_accepts_and_reload_and_stop_are_announced() throws Exception {
        upstream = new RecordingUpstream();
        int port = FreePorts.next();
        Path config = Configs.write(dir.resolve("notify.conf"), Configs.seed(pki, port, upstream.port()));
        try (UnixDatagramSink notify = new UnixDatagramSink(dir.resolve("notify.sock").toString())) {
            jtunnel = JtunnelProcess.start(dir, Map.of("NOTIFY_SOCKET", notify.name()), config.toString());

            String ready = notify.next(WAIT);
            assertThat(ready).as("first notification; log:%n%s", jtunnel.stderr())
                .isEqualTo("READY=1\nSTATUS=1 service(s) accepting connections");
            try (SSLSocket client = TunnelClient.connect(pki, port)) {
                assertThat(client.getSession().getProtocol()).as("a handshake right after READY=1").startsWith("TLS");
            }

            jtunnel.signal("HUP");
            assertThat(notify.next(WAIT)).startsWith("RELOADING=1\n");
            assertThat(notify.next(WAIT)).isEqualTo("READY=1\nSTATUS=1 service(s) accepting connections");

            Configs.write(config, "this is not a configuration\n");
            jtunnel.signal("HUP");
            assertThat(notify.next(WAIT)).startsWith("RELOADING=1\n");
            assertThat(notify.next(WAIT)).as("a failed reload still ends the reload, with the reason")
                .isEqualTo("READY=1\nSTATUS=Reload failed; the previous configuration is still in force");

            jtunnel.signal("TERM");
            assertThat(notify.next(WAIT)).isEqualTo("STOPPING=1\nSTATUS=Draining 0 connection(s)");
            assertThat(jtunnel.awaitExit(WAIT)).isTrue();
            assertThat(jtunnel.stop()).isZero();
        }
    }
}
