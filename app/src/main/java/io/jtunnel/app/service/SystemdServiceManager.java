package io.jtunnel.app.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Linux: the packaged systemd units, {@code jtunnel.service} (reads /etc/jtunnel/jtunnel.conf) for the default name
 * and the template {@code jtunnel@NAME.service} (reads /etc/stunnel/NAME.conf) for any other. Another configuration
 * file is set with a drop-in that replaces ExecStart; reload is systemd's (HUP), reopen sends USR1.
 */
public final class SystemdServiceManager implements ServiceManager {
    static final String DROP_IN = "jtunnel-config.conf";
    private static final int SYSTEMCTL_INACTIVE = 3;
    private static final int SYSTEMCTL_NO_UNIT = 4;

    private final Path unitDir;
    private final String launcher;
    private final CommandRunner runner;

    /**
     * @param unitDir  where local unit configuration goes ({@code /etc/systemd/system})
     * @param launcher the jtunnel launcher the units run ({@code /opt/jtunnel/bin/jtunnel})
     */
    public SystemdServiceManager(Path unitDir, String launcher, CommandRunner runner) {
        this.unitDir = unitDir;
        this.launcher = launcher;
        this.runner = runner;
    }

    static String unit(String name) {
        return DEFAULT_NAME.equals(name) ? "jtunnel.service" : "jtunnel@" + name + ".service";
    }

    /** What the unit reads unless a drop-in says otherwise. */
    static Path defaultConfig(String name) {
        return DEFAULT_NAME.equals(name) ? Path.of("/etc/jtunnel/jtunnel.conf")
            : Path.of("/etc/stunnel", name + ".conf");
    }

    Path dropIn(String name) {
        return unitDir.resolve(unit(name) + ".d").resolve(DROP_IN);
    }

    @Override
    public ServiceResult install(String name, Optional<Path> configFile) {
        Path config = configFile.map(file -> file.toAbsolutePath().normalize()).orElse(defaultConfig(name));
        if (configFile.isPresent() && !Files.isRegularFile(config)) {
            return ServiceResult.failed("configuration file " + config + " does not exist");
        }
        List<String> lines = new ArrayList<>();
        Path dropIn = dropIn(name);
        try {
            if (!config.equals(defaultConfig(name))) {
                writeDropIn(dropIn, config);
                lines.add("Wrote " + dropIn + ": " + unit(name) + " runs " + config);
            } else if (removeDropIn(dropIn)) {
                lines.add("Removed " + dropIn + ": " + unit(name) + " runs " + config + " again");
            }
        } catch (IOException | IllegalArgumentException e) {
            return ServiceResult.failed("cannot write " + dropIn + ": " + e.getMessage());
        }
        if (!Files.exists(config)) {
            lines.add("Note: " + config + " does not exist yet; the service cannot start until it does");
        }
        ServiceResult reloaded = systemctl("daemon-reload");
        if (!reloaded.ok()) {
            return ServiceResult.failed(lines, reloaded.lines().toArray(String[]::new));
        }
        ServiceResult enabled = systemctl("enable", unit(name));
        lines.addAll(enabled.lines());
        if (!enabled.ok()) {
            return ServiceResult.failed(lines);
        }
        return ServiceResult.ok(lines, "Service " + unit(name) + " installed and enabled; start it with: jtunnel"
            + " service start" + (DEFAULT_NAME.equals(name) ? "" : " --name " + name));
    }

    /** The drop-in: an empty ExecStart= clears the unit's own before the new one is set. */
    String dropInText(Path config) {
        return "# Written by \"jtunnel service install\": run with another configuration file\n"
            + "[Service]\n"
            + "ExecStart=\n"
            + "ExecStart=" + execArgument(launcher) + " " + execArgument(config.toString()) + "\n";
    }

    /**
     * One word of a systemd command line: '%' and '$' doubled (specifiers and variables), and double quotes with
     * C-style escapes around a word that has spaces, quotes or backslashes.
     */
    static String execArgument(String word) {
        if (word.contains("\n") || word.contains("\r")) {
            throw new IllegalArgumentException("a path with a line break cannot go into a systemd unit: " + word);
        }
        String escaped = word.replace("%", "%%").replace("$", "$$");
        if (escaped.isEmpty() || escaped.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\''
                || c == '\\' || c == ';')) {
            return "\"" + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return escaped;
    }

    private void writeDropIn(Path dropIn, Path config) throws IOException {
        String text = dropInText(config);
        Files.createDirectories(dropIn.getParent());
        Path temporary = Files.createTempFile(dropIn.getParent(), ".jtunnel-config", ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            // a temporary file is made owner-only; unit files are world-readable
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temporary, dropIn, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Removes jtunnel's drop-in, and its directory when nothing else is in it; true when there was one. */
    private static boolean removeDropIn(Path dropIn) throws IOException {
        if (!Files.deleteIfExists(dropIn)) {
            return false;
        }
        try {
            Files.deleteIfExists(dropIn.getParent());
        } catch (DirectoryNotEmptyException othersDropIns) {
            // the administrator's own drop-ins stay
        }
        return true;
    }

    @Override
    public ServiceResult uninstall(String name) {
        ServiceResult disabled = systemctl("disable", "--now", unit(name));
        List<String> lines = new ArrayList<>(disabled.lines());
        Path dropIn = dropIn(name);
        try {
            if (removeDropIn(dropIn)) {
                lines.add("Removed " + dropIn);
                ServiceResult reloaded = systemctl("daemon-reload");
                lines.addAll(reloaded.lines());
            }
        } catch (IOException e) {
            lines.add("cannot remove " + dropIn + ": " + e.getMessage());
            return ServiceResult.failed(lines);
        }
        if (!disabled.ok()) {
            return ServiceResult.failed(lines);
        }
        return ServiceResult.ok(lines, "Service " + unit(name) + " stopped and disabled");
    }

    @Override
    public ServiceResult start(String name) {
        return done(systemctl("start", unit(name)), "Service " + unit(name) + " started");
    }

    @Override
    public ServiceResult stop(String name) {
        return done(systemctl("stop", unit(name)), "Service " + unit(name) + " stopped");
    }

    @Override
    public ServiceResult reload(String name, Optional<Path> configFile) {
        return done(systemctl("reload", unit(name)), "Service " + unit(name) + " reloaded its configuration (the"
            + " log says whether the new one is in force)");
    }

    @Override
    public ServiceResult reopen(String name, Optional<Path> configFile) {
        return done(systemctl("kill", "-s", "USR1", "--kill-who=main", unit(name)), "Service " + unit(name)
            + " reopens its log file");
    }

    /** stunnel's -exit ends the process; under systemd that is a stop, or systemd would restart it. */
    @Override
    public ServiceResult exit(String name, Optional<Path> configFile) {
        return stop(name);
    }

    @Override
    public ServiceResult status(String name) {
        List<String> command = List.of("systemctl", "status", unit(name));
        CommandRunner.Result result;
        try {
            result = runner.run(command);
        } catch (IOException e) {
            return cannotRun(e);
        }
        return switch (result.exitCode()) {
            case 0 -> new ServiceResult(true, result.lines());
            case SYSTEMCTL_INACTIVE -> ServiceResult.failed(result.lines(), "Service " + unit(name)
                + " is not running");
            case SYSTEMCTL_NO_UNIT -> ServiceResult.failed(result.lines(), "No unit " + unit(name) + ": install the"
                + " jtunnel package, which brings jtunnel.service and jtunnel@.service");
            default -> ServiceResult.failed(result.lines(), String.join(" ", command) + " failed (exit code "
                + result.exitCode() + ")");
        };
    }

    private static ServiceResult done(ServiceResult result, String success) {
        return result.ok() ? ServiceResult.ok(result.lines(), success) : result;
    }

    private ServiceResult systemctl(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("systemctl");
        command.addAll(List.of(arguments));
        CommandRunner.Result result;
        try {
            result = runner.run(command);
        } catch (IOException e) {
            return cannotRun(e);
        }
        if (result.exitCode() == 0) {
            return new ServiceResult(true, result.lines());
        }
        return ServiceResult.failed(result.lines(), String.join(" ", command) + " failed (exit code "
            + result.exitCode() + ")");
    }

    private static ServiceResult cannotRun(IOException e) {
        return ServiceResult.failed("cannot run systemctl (jtunnel service needs systemd): " + e.getMessage());
    }
}
