package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.log.Log4jLevels;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.TunnelLogger;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

/** The configured layout writes stunnel 5.68's line: {@code YYYY.MM.DD HH:MM:SS LOG<digit>[<id>]: <text>}. */
class LogFormatTest {
    static {
        Log4jLevels.of(LogLevel.NOTICE); // the custom levels exist before the layout reads its level map
    }

    private final PatternLayout layout = PatternLayout.newBuilder().withPattern(LoggingSetup.PATTERN).build();

    @Test
    void jtunnel_lines_carry_the_stunnel_level_digit_and_connection_id() {
        for (LogLevel level : LogLevel.values()) {
            String line = format(TunnelLogger.LOGGER_NAME, level, "[12]: Connection closed: 1 byte(s) sent to TLS");
            assertThat(line).matches("\\d{4}\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d LOG" + level.digit()
                + "\\[12\\]: Connection closed: 1 byte\\(s\\) sent to TLS\\R");
        }
    }

    @Test
    void library_lines_show_their_logger_as_the_id() {
        String line = format("io.netty.handler.ssl.SslHandler", LogLevel.WARNING, "something odd");
        assertThat(line).endsWith(" LOG4[SslHandler]: something odd" + System.lineSeparator());
    }

    private String format(String logger, LogLevel level, String text) {
        return layout.toSerializable(Log4jLogEvent.newBuilder().setLoggerName(logger).setLevel(Log4jLevels.of(level))
            .setMessage(new SimpleMessage(text)).setTimeMillis(System.currentTimeMillis()).build());
    }
}
