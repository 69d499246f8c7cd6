package io.jtunnel.app;

import io.jtunnel.config.ConfigException;
import io.jtunnel.config.ConfigParser;
import io.jtunnel.config.Foreground;
import io.jtunnel.config.GlobalOptions;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs the tunnel as stunnel's main does: read and check the configuration (keeping start-up lines until logging is
 * set up), load every key, set up logging, bind, write the pid file, then serve until TERM or INT. HUP reloads:
 * the file is read and every key loaded again, and only a configuration that fully works replaces the running one.
 * Reloads, log reopening and the final stop run one at a time on a single control thread.
 */
final class TunnelRunner {
    private final PrintWriter err;
    private final PassphraseSource passphrases;
    private final Path syslogSocket;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final ExecutorService control = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jtunnel-control");
        thread.setDaemon(true);
        return thread;
    });

    // the state below is touched by the main thread until serving starts, then only by the control thread
    private Path configFile;
    private TlsEngine engine;
    private GlobalOptions global;
    private TunnelLogger mainLog;
    private String mainId;
    private SyslogTarget syslog = SyslogTarget.unavailable("syslog = no");
    private TunnelServer server;

    TunnelRunner(PrintWriter err, PassphraseSource passphrases, Path syslogSocket) {
        this.err = err;
        this.passphrases = passphrases;
        this.syslogSocket = syslogSocket;
    }

    int run(Path file, String engineChoice) {
        StartupLog startup = new StartupLog();
        startup.log(LogLevel.NOTICE, VersionInfo.banner());
        TunnelConfig config;
        List<PreparedService> services;
        try {
            config = new ConfigParser(startup).parse(file);
            engine = TlsEngines.select(engineChoice, startup);
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
                "open: " + e));
        }
        configFile = config.file(); // the real path: reloads read the same file
        startup.log(LogLevel.NOTICE, "Configuration successful");
        applyLogging(config.global(), startup);
        // stunnel's main thread logs as "ui" until it daemonizes; jtunnel never forks
        mainId = global.foreground() == Foreground.NO ? "main" : "ui";
        startup.flushTo(mainLog, mainId);

        Transport transport = Transport.best();
        int threads = Runtime.getRuntime().availableProcessors();
        mainLog.log(LogLevel.INFO, mainId, "Transport: " + transport.name() + ", " + threads + " event loop(s)");
        // before binding: a TERM that comes while ports are bound still ends the start cleanly
        SignalHandlers.install(terminated::countDown, () -> control.execute(this::reload),
            () -> control.execute(this::reopenLog));
        server = new TunnelServer(transport, threads);
        PidFile pid = null;
        try {
            server.apply(services, mainLog.sink(mainId));
            if (global.pidFile().isPresent()) {
                pid = createPid(Path.of(global.pidFile().get()));
            } else {
                mainLog.log(LogLevel.DEBUG, mainId, "No pid file being created");
            }
        } catch (StartupException | IOException e) {
            List<String> lines = e instanceof StartupException s ? s.lines() : List.of(e.getMessage());
            lines.forEach(line -> mainLog.log(LogLevel.ERR, mainId, line));
            if (global.foreground() != Foreground.YES) {
                lines.forEach(line -> err.println("[!] " + line));
                err.flush();
            }
            server.close();
            syslog.close();
            return 1;
        }
        mainLog.log(LogLevel.INFO, mainId, "Accepting new connections");
        awaitTermination();
        PidFile started = pid;
        runOnControl(() -> stop(started));
        control.shutdown();
        return 0;
    }

    /**
     * SIGHUP: the whole configuration is read and checked again, keys and CA files included; if anything fails,
     * the running configuration stays and the reason is logged. foreground and pid are kept, as stunnel keeps them.
     */
    private void reload() {
        mainLog.log(LogLevel.DEBUG, mainId, "Processing SIGNAL_RELOAD_CONFIG");
        StartupLog lines = new StartupLog();
        try {
            TunnelConfig next = new ConfigParser(lines).parse(configFile);
            List<PreparedService> services = new ServicePreparer(engine, passphrases).prepare(next, lines);
            GlobalOptions kept = new GlobalOptions(global.foreground(), next.global().output(),
                next.global().appendLog(), global.pidFile(), next.global().syslog(), next.global().syslogFacility(),
                next.global().debug(), next.global().values());
            LoggingSetup.checkOutput(kept);
            lines.flushTo(mainLog, mainId);
            server.apply(services, mainLog.sink(mainId));
            applyLogging(kept, lines);
            lines.flushTo(mainLog, mainId);
            mainLog.log(LogLevel.NOTICE, mainId, "Configuration successful");
        } catch (ConfigException | StartupException | IOException e) {
            lines.flushTo(mainLog, mainId);
            List<String> reasons = e instanceof ConfigException c ? c.lines()
                : e instanceof StartupException s ? s.lines() : List.of(String.valueOf(e.getMessage()));
            reasons.forEach(reason -> mainLog.log(LogLevel.ERR, mainId, reason));
            mainLog.log(LogLevel.ERR, mainId, "Failed to reload the configuration file");
        }
    }

    private void reopenLog() {
        mainLog.log(LogLevel.DEBUG, mainId, "Processing SIGNAL_REOPEN_LOG");
        LoggingSetup.reopen(global, syslog);
        mainLog.log(LogLevel.NOTICE, mainId, "Log file reopened");
    }

    private void applyLogging(GlobalOptions options, StartupLog lines) {
        if (options.syslog() && !syslog.available()) {
            syslog = SyslogTarget.open(syslogSocket);
            if (!syslog.available()) {
                lines.log(LogLevel.NOTICE, "Not logging to syslog: " + syslog.unavailableReason());
            }
        }
        LoggingSetup.apply(options, syslog);
        global = options;
        mainLog = new TunnelLogger(options.debug());
    }

    private void stop(PidFile pid) {
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
    }

    private void runOnControl(Runnable task) {
        while (true) {
            try {
                control.submit(task).get();
                return;
            } catch (InterruptedException e) {
                // only TERM/INT end the tunnel, and they already did: finish stopping
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
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

    private PidFile createPid(Path path) throws IOException {
        try {
            PidFile pid = PidFile.create(path, ProcessHandle.current().pid());
            mainLog.log(LogLevel.DEBUG, mainId, "Created pid file " + path);
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
