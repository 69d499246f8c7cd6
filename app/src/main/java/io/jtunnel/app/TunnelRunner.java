package io.jtunnel.app;

import io.jtunnel.app.control.ControlActions;
import io.jtunnel.app.control.ControlReply;
import io.jtunnel.app.control.ControlServer;
import io.jtunnel.config.ConfigException;
import io.jtunnel.config.ConfigParser;
import io.jtunnel.config.Foreground;
import io.jtunnel.config.GlobalOptions;
import io.jtunnel.config.TunnelConfig;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.TunnelLogger;
import io.jtunnel.relay.InetdConnection;
import io.jtunnel.relay.Transport;
import io.jtunnel.runtime.MemoryReturn;
import io.jtunnel.runtime.PidFile;
import io.jtunnel.runtime.PreparedService;
import io.jtunnel.runtime.PrivilegeCheck;
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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the tunnel as stunnel's main does: read and check the configuration (keeping start-up lines until logging is
 * set up), load every key, set up logging, bind, write the pid file, then serve until TERM or INT. HUP reloads:
 * the file is read and every key loaded again, and only a configuration that fully works replaces the running one.
 * Unlike stunnel, TERM and INT first drain: no new connections, open ones may finish for a bounded time (a second
 * signal ends them at once). Reloads, log reopening and the final stop run one at a time on a single control thread;
 * the service manager (systemd) hears when the tunnel is ready, reloading and stopping.
 */
final class TunnelRunner {
    private final PrintWriter err;
    private final PassphraseSource passphrases;
    private final RunSettings settings;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean stopNow = new AtomicBoolean();
    // set by the main thread once every listener is bound; a HUP before that has nothing to reload yet
    private volatile boolean serving;
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
    private ServiceNotifier notifier = ServiceNotifier.none();
    private ControlServer controlServer;
    private MemoryReturn memoryReturn;

    TunnelRunner(PrintWriter err, PassphraseSource passphrases, RunSettings settings) {
        this.err = err;
        this.passphrases = passphrases;
        this.settings = settings;
    }

    /**
     * Asks the running tunnel to stop, as TERM does: the first call starts the drain, a later one ends the open
     * connections at once. Safe from any thread.
     */
    void requestStop() {
        if (terminated.getCount() == 0) {
            stopNow.set(true);
        }
        terminated.countDown();
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
            PrivilegeCheck.check(config, System.getProperty("user.name"), startup);
        } catch (ConfigException e) {
            return failed(startup, e.lines());
        } catch (StartupException e) {
            return failed(startup, e.lines());
        } catch (KeyMaterialException e) {
            return failed(startup, List.of(e.getMessage()));
        }
        GlobalOptions options = withDefaultOutput(config.global());
        try {
            LoggingSetup.checkOutput(options);
        } catch (IOException e) {
            return failed(startup, List.of("Cannot open log file: " + options.output().orElse(""), "open: " + e));
        }
        configFile = config.file(); // the real path: reloads read the same file
        startup.log(LogLevel.NOTICE, "Configuration successful");
        applyLogging(options, startup);
        // stunnel's main thread logs as "ui" until it daemonizes; jtunnel never forks
        mainId = global.foreground() == Foreground.NO ? "main" : "ui";
        startup.flushTo(mainLog, mainId);
        if (config.inetd()) {
            return runInetd(services.get(0));
        }

        Transport transport = Transport.best();
        int threads = Runtime.getRuntime().availableProcessors();
        mainLog.log(LogLevel.INFO, mainId, "Transport: " + transport.name() + ", " + threads + " event loop(s)");
        // before binding: a TERM that comes while ports are bound still ends the start cleanly
        SignalHandlers.install(this::requestStop, () -> control.execute(this::reload),
            () -> control.execute(this::reopenLog));
        notifier = ServiceNotifier.fromEnvironment(settings.environment(),
            warning -> mainLog.log(LogLevel.WARNING, mainId, warning));
        server = new TunnelServer(transport, threads);
        PidFile pid = null;
        try {
            server.apply(services, mainLog.sink(mainId));
            if (global.pidFile().isPresent()) {
                pid = createPid(Path.of(global.pidFile().get()));
            } else {
                mainLog.log(LogLevel.DEBUG, mainId, "No pid file being created");
            }
            if (settings.controlDir().isPresent()) {
                controlServer = ControlServer.start(settings.controlDir().get(), configFile, new Controls(),
                    line -> mainLog.log(LogLevel.INFO, mainId, line));
                mainLog.log(LogLevel.INFO, mainId, "Control socket: " + controlServer.socketPath());
            }
        } catch (StartupException | IOException e) {
            List<String> lines = e instanceof StartupException s ? s.lines() : List.of(e.getMessage());
            lines.forEach(line -> mainLog.log(LogLevel.ERR, mainId, line));
            if (global.foreground() != Foreground.YES) {
                lines.forEach(line -> err.println("[!] " + line));
                err.flush();
            }
            server.close();
            removePid(pid);
            notifier.close();
            syslog.close();
            return 1;
        }
        mainLog.log(LogLevel.INFO, mainId, "Accepting new connections");
        memoryReturn = MemoryReturn.start(server::openChannels, mainLog.sink(mainId));
        serving = true;
        notifier.ready(readyStatus(services));
        awaitTermination();
        PidFile started = pid;
        runOnControl(() -> stop(started));
        control.shutdown();
        return 0;
    }

    /**
     * inetd mode (no {@code [section]}): the one service serves the connection on stdin/stdout, then jtunnel exits 0,
     * as stunnel does. No listener, pid file, signal handling or control socket. stdout carries the connection, so
     * anything printed to System.out by mistake goes to stderr instead.
     */
    private int runInetd(PreparedService service) {
        System.setOut(System.err);
        try {
            InetdConnection.serve(service.config(), service.tls(), mainLog.sink(mainId));
            return 0;
        } catch (IOException e) {
            mainLog.log(LogLevel.ERR, mainId, "Inetd mode: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            syslog.close();
        }
    }

    /**
     * SIGHUP: the whole configuration is read and checked again, keys and CA files included; if anything fails,
     * the running configuration stays and the reason is logged. foreground and pid are kept, as stunnel keeps them.
     * Returns why the reload failed, or nothing when the new configuration is in force.
     */
    private List<String> reload() {
        mainLog.log(LogLevel.DEBUG, mainId, "Processing SIGNAL_RELOAD_CONFIG");
        if (!serving) {
            mainLog.log(LogLevel.NOTICE, mainId, "Not reloading: jtunnel is still starting");
            return List.of("jtunnel is still starting");
        }
        if (terminated.getCount() == 0) {
            // a reload queued behind the stop must not bind the listeners that the drain closed
            mainLog.log(LogLevel.NOTICE, mainId, "Not reloading: jtunnel is stopping");
            return List.of("jtunnel is stopping");
        }
        notifier.reloading();
        StartupLog lines = new StartupLog();
        List<String> reasons = List.of();
        try {
            TunnelConfig next = new ConfigParser(lines).parse(configFile);
            List<PreparedService> services = new ServicePreparer(engine, passphrases).prepare(next, lines);
            GlobalOptions kept = withDefaultOutput(new GlobalOptions(global.foreground(), next.global().output(),
                next.global().appendLog(), global.pidFile(), next.global().syslog(), next.global().syslogFacility(),
                next.global().debug(), next.global().syslogIdent(), next.global().values()));
            LoggingSetup.checkOutput(kept);
            lines.flushTo(mainLog, mainId);
            server.apply(services, mainLog.sink(mainId));
            applyLogging(kept, lines);
            lines.flushTo(mainLog, mainId);
            mainLog.log(LogLevel.NOTICE, mainId, "Configuration successful");
            notifier.ready(readyStatus(services));
        } catch (ConfigException | StartupException | IOException e) {
            lines.flushTo(mainLog, mainId);
            reasons = e instanceof ConfigException c ? c.lines()
                : e instanceof StartupException s ? s.lines() : List.of(String.valueOf(e.getMessage()));
            reasons.forEach(reason -> mainLog.log(LogLevel.ERR, mainId, reason));
            mainLog.log(LogLevel.ERR, mainId, "Failed to reload the configuration file");
            notifier.ready("Reload failed; the previous configuration is still in force");
        }
        return reasons;
    }

    /** The Windows service logs to a file under its install folder unless the configuration names one. */
    private GlobalOptions withDefaultOutput(GlobalOptions options) {
        if (options.output().isPresent() || settings.outputDefault().isEmpty()) {
            return options;
        }
        return new GlobalOptions(options.foreground(), settings.outputDefault(), options.appendLog(),
            options.pidFile(), options.syslog(), options.syslogFacility(), options.debug(), options.syslogIdent(),
            options.values());
    }

    private static String readyStatus(List<PreparedService> services) {
        return services.size() + " service(s) accepting connections";
    }

    private void reopenLog() {
        mainLog.log(LogLevel.DEBUG, mainId, "Processing SIGNAL_REOPEN_LOG");
        LoggingSetup.reopen(global, syslog);
        mainLog.log(LogLevel.NOTICE, mainId, "Log file reopened");
    }

    private void applyLogging(GlobalOptions options, StartupLog lines) {
        if (options.syslog() && !syslog.available()) {
            syslog = SyslogTarget.open(settings.syslogSocket());
            if (!syslog.available()) {
                lines.log(LogLevel.NOTICE, "Not logging to syslog: " + syslog.unavailableReason());
            }
        }
        LoggingSetup.apply(options, syslog);
        global = options;
        mainLog = new TunnelLogger(options.debug());
    }

    private void stop(PidFile pid) {
        mainLog.log(LogLevel.DEBUG, mainId, "Processing SIGNAL_TERMINATE");
        drain();
        mainLog.log(LogLevel.NOTICE, mainId, "Terminated");
        if (controlServer != null) {
            controlServer.close();
        }
        memoryReturn.close();
        server.close();
        notifier.close();
        removePid(pid);
        syslog.close();
    }

    private void removePid(PidFile pid) {
        if (pid != null) {
            try {
                pid.remove();
                mainLog.log(LogLevel.DEBUG, mainId, "Removed pid file " + pid.path());
            } catch (IOException e) {
                mainLog.log(LogLevel.ERR, mainId, "Cannot remove pid file " + pid.path() + ": " + e.getMessage());
            }
        }
    }

    /** The control socket's requests, run on the control thread like the signals' (one at a time). */
    private final class Controls implements ControlActions {
        @Override
        public ControlReply reload() {
            List<String> reasons = onControl(TunnelRunner.this::reload);
            if (reasons.isEmpty()) {
                return ControlReply.success("Configuration successful");
            }
            List<String> lines = new java.util.ArrayList<>(reasons);
            lines.add("Failed to reload the configuration file");
            return ControlReply.error(lines);
        }

        @Override
        public ControlReply reopenLog() {
            onControl(() -> {
                TunnelRunner.this.reopenLog();
                return List.of();
            });
            return ControlReply.success("Log file reopened");
        }

        @Override
        public ControlReply terminate() {
            requestStop();
            return ControlReply.success("Terminating");
        }

        private List<String> onControl(java.util.concurrent.Callable<List<String>> task) {
            try {
                return control.submit(task).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of("interrupted");
            } catch (ExecutionException e) {
                return List.of(String.valueOf(e.getCause()));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return List.of("jtunnel is stopping");
            }
        }
    }

    /** Stops accepting and lets open connections finish, within the drain time or until a second signal. */
    private void drain() {
        long seconds = settings.drainTimeout().toSeconds();
        int open = server.openConnections();
        notifier.stopping("Draining " + open + " connection(s)");
        if (open == 0 || settings.drainTimeout().isZero()) {
            return;
        }
        mainLog.log(LogLevel.NOTICE, mainId, "Draining " + open + " open connection(s) for up to " + seconds
            + " s; signal again to close them now");
        int left = server.drain(settings.drainTimeout(), stopNow::get);
        if (left > 0) {
            mainLog.log(LogLevel.WARNING, mainId, "Closing " + left + " connection(s) still open "
                + (stopNow.get() ? "on a second signal" : "after the " + seconds + " s drain"));
        } else {
            mainLog.log(LogLevel.INFO, mainId, "All connections ended");
        }
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
