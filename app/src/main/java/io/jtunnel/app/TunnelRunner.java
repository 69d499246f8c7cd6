package io.jtunnel.app;

import io.jtunnel.config.ConfigException;
import io.jtunnel.config.ConfigParser;
import io.jtunnel.config.Foreground;
import io.jtunnel.config.TunnelConfig;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.TunnelLogger;
import io.jtunnel.relay.Transport;
import io.jtunnel.runtime.PidFile;
import io.jtunnel.runtime.PreparedService;
import io.jtunnel.runtime.ServicePreparer;
import io.jtunnel.runtime.StartupException;
import io.jtunnel.runtime.TunnelServer;
import io.jtunnel.tls.KeyMaterialException;
import io.jtunnel.tls.PassphraseSource;
import io.jtunnel.tls.TlsEngine;
import io.jtunnel.tls.TlsEngines;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the tunnel as stunnel's main does: read and check the configuration (keeping start-up lines until logging is
 * set up), load every key, set up logging, bind, write the pid file, then serve until TERM or INT.
 */
final class TunnelRunner {
    private final PrintWriter err;
    private final PassphraseSource passphrases;
    private final Path syslogSocket;
    private final CountDownLatch terminated = new CountDownLatch(1);

    TunnelRunner(PrintWriter err, PassphraseSource passphrases, Path syslogSocket) {
        this.err = err;
        this.passphrases = passphrases;
        this.syslogSocket = syslogSocket;
    }

    int run(Path configFile, String engineChoice) {
        StartupLog startup = new StartupLog();
        startup.log(LogLevel.NOTICE, VersionInfo.banner());
        TunnelConfig config;
        List<PreparedService> services;
        try {
            config = new ConfigParser(startup).parse(configFile);
            TlsEngine engine = TlsEngines.select(engineChoice, startup);
            startup.log(LogLevel.NOTICE, "TLS engine: " + engine.name() + ", " + engine.description());
            services = new ServicePreparer(engine, passphrases).prepare(config, startup);
        } catch (ConfigException e) {
            return failed(startup, e.lines());
        } catch (StartupException e) {
            return failed(startup, e.lines());
        } catch (KeyMaterialException e) {
            return failed(startup, List.of(e.getMessage()));
        }
        try {
            LoggingSetup.checkOutput(config.global());
        } catch (IOException e) {
            return failed(startup, List.of("Cannot open log file: " + config.global().output().orElse(""),
                "open: " + e.getMessage()));
        }
        startup.log(LogLevel.NOTICE, "Configuration successful");

        SyslogTarget syslog = config.global().syslog() ? SyslogTarget.open(syslogSocket)
            : SyslogTarget.unavailable("syslog = no");
        if (config.global().syslog() && !syslog.available()) {
            startup.log(LogLevel.NOTICE, "Not logging to syslog: " + syslog.unavailableReason());
        }
        LoggingSetup.apply(config.global(), syslog);
        TunnelLogger mainLog = new TunnelLogger(config.global().debug());
        // stunnel's main thread logs as "ui" until it daemonizes; jtunnel never forks
        String mainId = config.global().foreground() == Foreground.NO ? "main" : "ui";
        startup.flushTo(mainLog, mainId);

        Transport transport = Transport.best();
        int threads = Runtime.getRuntime().availableProcessors();
        mainLog.log(LogLevel.INFO, mainId, "Transport: " + transport.name() + ", " + threads + " event loop(s)");
        // before binding: a TERM that comes while ports are bound still ends the start cleanly
        SignalHandlers.install(terminated::countDown,
            () -> mainLog.log(LogLevel.NOTICE, mainId,
                "SIGHUP: configuration reload is not implemented in jtunnel yet; running configuration unchanged"),
            () -> {
                LoggingSetup.apply(config.global(), syslog);
                mainLog.log(LogLevel.NOTICE, mainId, "Log file reopened");
            });
        TunnelServer server = new TunnelServer(transport, threads);
        PidFile pid = null;
        try {
            server.start(services, mainLog.sink(mainId));
            if (config.global().pidFile().isPresent()) {
                pid = createPid(Path.of(config.global().pidFile().get()), mainLog, mainId);
            } else {
                mainLog.log(LogLevel.DEBUG, mainId, "No pid file being created");
            }
        } catch (StartupException | IOException e) {
            List<String> lines = e instanceof StartupException s ? s.lines() : List.of(e.getMessage());
            lines.forEach(line -> mainLog.log(LogLevel.ERR, mainId, line));
            if (config.global().foreground() != Foreground.YES) {
                lines.forEach(line -> err.println("[!] " + line));
                err.flush();
            }
            server.close();
            syslog.close();
            return 1;
        }
        mainLog.log(LogLevel.INFO, mainId, "Accepting new connections");
        awaitTermination();
        mainLog.log(LogLevel.NOTICE, mainId, "Terminated");
        server.close();
        if (pid != null) {
            try {
                pid.remove();
                mainLog.log(LogLevel.DEBUG, mainId, "Removed pid file " + pid.path());
            } catch (IOException e) {
                mainLog.log(LogLevel.ERR, mainId, "Cannot remove pid file " + pid.path() + ": " + e.getMessage());
            }
        }
        syslog.close();
        return 0;
    }

    private void awaitTermination() {
        while (true) {
            try {
                terminated.await();
                return;
            } catch (InterruptedException e) {
                // only TERM/INT end the tunnel
            }
        }
    }

    /** Ends {@link #run} as TERM does; for tests and service wrappers. */
    void terminate() {
        terminated.countDown();
    }

    private static PidFile createPid(Path path, TunnelLogger log, String id) throws IOException {
        try {
            PidFile pid = PidFile.create(path, ProcessHandle.current().pid());
            log.log(LogLevel.DEBUG, id, "Created pid file " + path);
            return pid;
        } catch (IOException e) {
            throw new IOException("Cannot create pid file " + path + ": " + e, e);
        }
    }

    private int failed(StartupLog startup, List<String> errors) {
        startup.errors(errors);
        startup.log(LogLevel.ERR, "Configuration failed");
        startup.printErrorMode(err);
        return 1;
    }
}
