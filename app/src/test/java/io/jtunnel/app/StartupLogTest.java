package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.log.LogLevel;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** stunnel's error mode: every kept line on stderr with its level's marker, debug ones included. */
class StartupLogTest {
    @Test
    void error_mode_prints_each_line_with_stunnels_level_marker() {
        StartupLog log = new StartupLog();
        log.log(LogLevel.NOTICE, "Reading configuration from file /etc/x.conf");
        log.log(LogLevel.DEBUG, "a debug line");
        log.log(LogLevel.WARNING, "a warning");
        log.log(LogLevel.ERR, "/etc/x.conf:3: \"accept 1\": No '=' found");
        log.log(LogLevel.CRIT, "critical");
        StringWriter out = new StringWriter();
        log.printErrorMode(new PrintWriter(out));
        assertThat(out.toString().lines()).containsExactly(
            "[.] Reading configuration from file /etc/x.conf",
            "[ ] a debug line",
            "[:] a warning",
            "[!] /etc/x.conf:3: \"accept 1\": No '=' found",
            "[*] critical");
    }

    @Test
    void warnings_and_errors_leave_out_notices() {
        StartupLog log = new StartupLog();
        log.log(LogLevel.NOTICE, "n");
        log.log(LogLevel.WARNING, "w");
        assertThat(log.warningsAndErrors()).containsExactly("[:] w");
    }
}
