package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code syslog = yes} sends stunnel-format lines to the local syslog socket (a real Unix datagram socket here), with
 * the ident {@code jtunnel}, or the global {@code service} name as stunnel uses it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SyslogIdentIT {
    @TempDir
    static Path dir;

    static Pki pki;

    @BeforeAll
    static void certificates() throws IOException {
        pki = Pki.create(dir);
    }

    @Test
    void global_service_option_names_the_syslog_ident() throws Exception {
        assertThat(firstSyslogLine("service = stunnel\n")).matches("<\\d+>.{15} stunnel\\[\\d+\\]: LOG\\d\\[ui\\]: .*");
    }

    @Test
    void default_ident_is_jtunnel() throws Exception {
        assertThat(firstSyslogLine("")).matches("<\\d+>.{15} jtunnel\\[\\d+\\]: LOG\\d\\[ui\\]: .*");
    }

    private String firstSyslogLine(String globalLines) throws Exception {
        Path socketPath = dir.resolve("log-" + System.nanoTime() + ".sock");
        String config = Configs.seed(pki, FreePorts.next(), FreePorts.next())
            .replace("syslog = no\n", "syslog = yes\n" + globalLines);
        try (UnixDatagramSink syslog = new UnixDatagramSink(socketPath.toString());
             JtunnelProcess jtunnel = JtunnelProcess.start(dir, "--syslog-socket", socketPath.toString(),
                 Configs.write(dir.resolve("syslog-" + System.nanoTime() + ".conf"), config).toString())
                 .awaitListening()) {
            String line = syslog.next(Duration.ofSeconds(20));
            assertThat(line).as("a syslog datagram; log:%n%s", jtunnel.stderr()).isNotNull();
            assertThat(jtunnel.stop()).isZero();
            return line;
        }
    }
}
