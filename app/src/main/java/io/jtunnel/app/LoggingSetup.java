package io.jtunnel.app;

import io.jtunnel.config.Foreground;
import io.jtunnel.config.GlobalOptions;
import io.jtunnel.log.Log4jLevels;
import io.jtunnel.log.TunnelLogger;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.api.LoggerComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.RootLoggerComponentBuilder;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Configures Log4j2 in code from the global options: stderr when {@code foreground = yes}, the {@code output} file
 * (appended or overwritten per {@code log}), syslog when {@code syslog = yes}. jtunnel's own lines keep stunnel's
 * format, {@code 2026.11.22 04:08:55 LOG5[0]: text}; other libraries' lines (Netty) carry their logger's name as id.
 */
final class LoggingSetup {
    private static final String TIME = "%d{yyyy.MM.dd HH:mm:ss} LOG%level" + Log4jLevels.PATTERN_DIGITS;
    /** jtunnel's messages already start with {@code [id]: }; other loggers' get {@code [name]: } instead. */
    static final String PATTERN = TIME + "%replace{[%c{1}]: }{^\\[" + TunnelLogger.LOGGER_NAME + "\\]: $}{}%m%n";

    private LoggingSetup() {
    }

    /** Checks that the log file can be opened, as stunnel does before it goes on (`Cannot open log file`). */
    static void checkOutput(GlobalOptions global) throws IOException {
        if (global.output().isPresent()) {
            Path file = Path.of(global.output().get());
            try (OutputStream ignored = Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
                // opened and closed: the appender opens it for real
            }
        }
    }

    /**
     * SIGUSR1: closes the {@code output} file and opens the path again (after logrotate moved it away). Log4j2 shares
     * a file between configurations by name, so the running one's file appenders are stopped first; lines logged in
     * the few milliseconds between the two steps are lost, as they would be with a file that just moved.
     */
    static void reopen(GlobalOptions global, SyslogTarget syslog) {
        for (Appender appender : LoggerContext.getContext(false).getConfiguration().getAppenders().values()) {
            if (appender instanceof FileAppender) {
                appender.stop();
            }
        }
        apply(global, syslog);
    }

    static void apply(GlobalOptions global, SyslogTarget syslog) {
        ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
        builder.setStatusLevel(Level.WARN);
        builder.setConfigurationName("jtunnel");
        LoggerComponentBuilder jtunnel = builder.newLogger(TunnelLogger.LOGGER_NAME, Level.ALL)
            .addAttribute("additivity", false);
        RootLoggerComponentBuilder root = builder.newRootLogger(Level.WARN);
        if (global.foreground() == Foreground.YES) {
            add(builder, jtunnel, root, builder.newAppender("stderr", "Console")
                .addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR), "stderr");
        }
        if (global.output().isPresent()) {
            add(builder, jtunnel, root, builder.newAppender("output", "File")
                .addAttribute("fileName", global.output().get())
                .addAttribute("append", global.appendLog())
                .addAttribute("immediateFlush", true), "output");
        }
        builder.add(jtunnel);
        builder.add(root);
        Configurator.reconfigure(builder.build());
        LoggerContext context = LoggerContext.getContext(false);
        if (global.syslog() && syslog.available()) {
            // not a plugin: added to the built configuration directly
            Configuration configuration = context.getConfiguration();
            SyslogAppender appender = new SyslogAppender(syslog, global.syslogFacility(), global.syslogIdent());
            appender.start();
            configuration.addAppender(appender);
            configuration.getLoggerConfig(TunnelLogger.LOGGER_NAME).addAppender(appender, null, null);
            configuration.getRootLogger().addAppender(appender, null, null);
            context.updateLoggers();
        }
    }

    private static void add(ConfigurationBuilder<BuiltConfiguration> builder, LoggerComponentBuilder jtunnel,
                            RootLoggerComponentBuilder root, AppenderComponentBuilder appender, String name) {
        appender.add(builder.newLayout("PatternLayout").addAttribute("pattern", PATTERN));
        builder.add(appender);
        jtunnel.add(builder.newAppenderRef(name));
        root.add(builder.newAppenderRef(name));
    }
}
