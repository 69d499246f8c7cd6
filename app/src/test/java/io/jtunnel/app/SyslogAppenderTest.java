package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import io.jtunnel.log.Log4jLevels;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.TunnelLogger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Syslog lines reach a real Unix datagram socket in syslog(3)'s format, with stunnel's level as the severity. */
@Timeout(30)
class SyslogAppenderTest {
    @TempDir
    Path dir;

    @Test
    void line_arrives_with_priority_ident_pid_and_stunnel_prefix() throws Exception {
        Path socket = dir.resolve("log.sock");
        try (UnixDatagramSink syslog = new UnixDatagramSink(socket.toString());
             SyslogTarget target = SyslogTarget.open(socket)) {
            assertThat(target.available()).isTrue();
            SyslogAppender appender = new SyslogAppender(target, "local3", "jtunnel");
            appender.append(event(LogLevel.NOTICE, "[7]: Service [icap] accepted connection from 1.2.3.4:5"));
            appender.append(event(LogLevel.ERR, "[7]: SSL_accept: peer did not return a certificate"));

            String notice = syslog.next(Duration.ofSeconds(10));
            String error = syslog.next(Duration.ofSeconds(10));
            long pid = ProcessHandle.current().pid();
            // local3 = 19; priority = facility * 8 + severity
            assertThat(notice).matches("<157>[A-Z][a-z]{2} [ 1-3][0-9] \\d\\d:\\d\\d:\\d\\d jtunnel\\[" + pid
                + "\\]: LOG5\\[7\\]: Service \\[icap\\] accepted connection from 1\\.2\\.3\\.4:5");
            assertThat(error).startsWith("<155>").endsWith("LOG3[7]: SSL_accept: peer did not return a certificate");
        }
    }

    @Test
    void missing_socket_makes_syslog_unavailable_with_a_reason() {
        SyslogTarget target = SyslogTarget.open(dir.resolve("no-such-socket"));
        assertThat(target.available()).isFalse();
        assertThat(target.unavailableReason()).contains("does not exist");
    }

    @Test
    void facility_codes_follow_syslog_h() {
        assertThat(SyslogAppender.facilityCode("daemon")).isEqualTo(3);
        assertThat(SyslogAppender.facilityCode("auth")).isEqualTo(4);
        assertThat(SyslogAppender.facilityCode("local0")).isEqualTo(16);
        assertThat(SyslogAppender.facilityCode("local7")).isEqualTo(23);
    }

    private static LogEvent event(LogLevel level, String text) {
        return Log4jLogEvent.newBuilder().setLoggerName(TunnelLogger.LOGGER_NAME).setLevel(Log4jLevels.of(level))
            .setMessage(new SimpleMessage(text)).setTimeMillis(System.currentTimeMillis()).build();
    }
}
