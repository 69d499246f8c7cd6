package io.jtunnel.app;

import io.jtunnel.log.TunnelLogger;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Writes log lines as syslog(3) does to the local socket: {@code <PRI>Mmm dd hh:mm:ss ident[pid]: LOGn[id]: text},
 * with the priority from stunnel's level and the facility of the global {@code debug} option.
 */
final class SyslogAppender extends AbstractAppender {
    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
        "news", "uucp", "cron", "authpriv", "ftp", "ntp");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

    private final SyslogTarget target;
    private final int facility;
    private final String ident;
    private final long pid = ProcessHandle.current().pid();

    SyslogAppender(SyslogTarget target, String facility, String ident) {
        super("syslog", null, null, true, Property.EMPTY_ARRAY);
        this.target = target;
        this.facility = facilityCode(facility);
        this.ident = ident;
    }

    static int facilityCode(String name) {
        if (name.startsWith("local")) {
            return 16 + (name.charAt(5) - '0');
        }
        int index = FACILITIES.indexOf(name);
        return index < 0 ? 3 : index;
    }

    @Override
    public void append(LogEvent event) {
        int severity = severity(event.getLevel());
        String text = event.getMessage().getFormattedMessage();
        if (!TunnelLogger.LOGGER_NAME.equals(event.getLoggerName())) {
            String name = event.getLoggerName();
            text = "[" + name.substring(name.lastIndexOf('.') + 1) + "]: " + text;
        }
        String time = LocalDateTime.ofInstant(Instant.ofEpochMilli(event.getTimeMillis()), ZoneId.systemDefault())
            .format(TIMESTAMP);
        target.send("<" + (facility * 8 + severity) + ">" + time + " " + ident + "[" + pid + "]: LOG" + severity
            + text);
    }

    static int severity(Level level) {
        int value = level.intLevel();
        if (value <= 50) {
            return 0;
        }
        if (value <= 75) {
            return 1;
        }
        if (value <= Level.FATAL.intLevel()) {
            return 2;
        }
        if (value <= Level.ERROR.intLevel()) {
            return 3;
        }
        if (value <= Level.WARN.intLevel()) {
            return 4;
        }
        if (value <= 350) {
            return 5;
        }
        return value <= Level.INFO.intLevel() ? 6 : 7;
    }
}
