package io.jtunnel.config;

import io.jtunnel.log.LogLevel;
import java.util.Optional;

/**
 * The global part of a configuration: options of stunnel's global table, plus the level and syslog facility that the
 * {@code debug} option sets when given before the first section, and the syslog ident ({@code service} there).
 */
public record GlobalOptions(
    Foreground foreground,
    Optional<String> output,
    boolean appendLog,
    Optional<String> pidFile,
    boolean syslog,
    String syslogFacility,
    LogLevel debug,
    String syslogIdent,
    OptionValues values) {
    /** The ident when no global {@code service} is set (stunnel's is "stunnel"). */
    public static final String DEFAULT_SYSLOG_IDENT = "jtunnel";
}
