package io.jtunnel.app.service;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jtunnel service install|uninstall|start|stop|reload|reopen|exit|status}: jtunnel as a systemd service on
 * Linux, a procrun service on Windows. Exit 0 when the command worked ({@code status}: the service runs), 1 when not.
 */
@Command(name = "service", sortOptions = false, mixinStandardHelpOptions = true,
    subcommands = {ServiceCommand.Install.class, ServiceCommand.Uninstall.class, ServiceCommand.Start.class,
        ServiceCommand.Stop.class, ServiceCommand.Reload.class, ServiceCommand.Reopen.class, ServiceCommand.Exit.class,
        ServiceCommand.Status.class},
    description = {"Install and control jtunnel as a service: systemd units on Linux, a Windows service (procrun)"
        + " on Windows. stunnel's -install, -uninstall, -start, -stop, -reload, -reopen and -exit do the same."})
public final class ServiceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final ManagerSource managers;

    /** The service manager of the platform jtunnel runs on. */
    public ServiceCommand() {
        this(() -> Platform.current().serviceManager(new ProcessCommandRunner()));
    }

    ServiceCommand(ManagerSource managers) {
        this.managers = managers;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: install, uninstall, start, stop,"
            + " reload, reopen, exit or status");
    }

    /** Makes the service manager when a subcommand needs it; may fail (say, jtunnel.home is not set). */
    @FunctionalInterface
    interface ManagerSource {
        ServiceManager get() throws ServiceException;
    }

    /** What every subcommand shares: the service name and configuration file, and printing the result. */
    abstract static class Action implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        ServiceCommand parent;

        @Option(names = "--name", paramLabel = "NAME", defaultValue = ServiceManager.DEFAULT_NAME,
            description = "the service (default: ${DEFAULT-VALUE}; on Linux another NAME is the unit jtunnel@NAME,"
                + " which reads /etc/stunnel/NAME.conf)")
        String name;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "stunnel.conf of the service"
            + " (default: /etc/jtunnel/jtunnel.conf for jtunnel on Linux; <install folder>\\config\\stunnel.conf"
            + " on Windows)")
        Path config;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Optional<String> badName = ServiceNames.problem(name);
            if (badName.isPresent()) {
                err.println(badName.get());
                err.flush();
                return 1;
            }
            ServiceResult result;
            try {
                result = run(parent.managers.get(), name, Optional.ofNullable(config));
            } catch (ServiceException e) {
                err.println(e.getMessage());
                err.flush();
                return 1;
            }
            PrintWriter to = result.ok() || showsStatus() ? out : err;
            result.lines().forEach(to::println);
            to.flush();
            return result.ok() ? 0 : 1;
        }

        abstract ServiceResult run(ServiceManager manager, String name, Optional<Path> config);

        boolean showsStatus() {
            return false;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true, description = "Install the service: it starts with"
        + " the system and runs the configuration file (stunnel's -install)")
    static final class Install extends Action {
        @Override
        ServiceResult run(ServiceManager manager, String name, Optional<Path> config) {
            return manager.install(name, config);
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true, description = "Stop and remove the service"
        + " (stunnel's -uninstall)")
    static final class Uninstall extends Action {
        @Override
        ServiceResult run(ServiceManager manager, String name, Optional<Path> config) {
            return manager.uninstall(name);
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the service (stunnel's -start)")
    static final class Start extends Action {
        @Override
        ServiceResult run(ServiceManager manager, String name, Optional<Path> config) {
            return manager.start(name);
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the service (stunnel's -stop)")
    static final class Stop extends Action {
        @Override
        ServiceResult run(ServiceManager manager, String name, Optional<Path> config) {
            return manager.stop(name);
        }
    }

    @Command(name = "reload", mixinStandardHelpOptions = true, description = "Read the configuration again without"
        + " a restart; a bad one leaves the running one in force (stunnel's -reload)")
    static final class Reload extends Action {
        @Override
        ServiceResult run(ServiceManager manager, String name, Optional<Path> config) {
            return manager.reload(name, config);
        }
    }

    @Command(name = "reopen", mixinStandardHelpOptions = true, description = "Reopen the log file, after it was"
        + " rotated (stunnel's -reopen)")
    static final class Reopen extends Action {
        @Override
        ServiceResult run(ServiceManager manager, String name, Optional<Path> config) {
            return manager.reopen(name, config);
        }
    }

    @Command(name = "exit", mixinStandardHelpOptions = true, description = "End the running jtunnel (stunnel's"
        + " -exit; on Linux the same as stop)")
    static final class Exit extends Action {
        @Override
        ServiceResult run(ServiceManager manager, String name, Optional<Path> config) {
            return manager.exit(name, config);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Say whether the service runs (exit 0"
        + " when it does, 1 when not)")
    static final class Status extends Action {
        @Override
        ServiceResult run(ServiceManager manager, String name, Optional<Path> config) {
            return manager.status(name);
        }

        @Override
        boolean showsStatus() {
            return true;
        }
    }
}
