package io.jtunnel.config;

import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a stunnel.conf exactly as stunnel 5.68's {@code options_file()} does (reference §2): byte lines split at LF
 * with every CR dropped, a UTF-8 BOM skipped on each file's first line, {@code ;}/{@code #} comments only at the
 * start of a line, {@code [section]} names verbatim, the split at the first {@code =}, global options tried first
 * before the first section, {@code include = DIR} read in place, and the first error stops everything.
 *
 * <p>A relative {@code include} directory is looked up in the working directory first, as stunnel does, then next to
 * the file that includes it.
 */
public final class ConfigParser {
    /** stunnel's CONFLINELEN - 1: longer lines are cut into pieces of this many bytes. */
    private static final int MAX_LINE_BYTES = 16383;

    private final LogSink log;
    private final boolean windows;

    public ConfigParser(LogSink log) {
        this(log, System.getProperty("os.name", "").startsWith("Windows"));
    }

    public ConfigParser(LogSink log, boolean windows) {
        this.log = log;
        this.windows = windows;
    }

    /** Parses and validates {@code file}; the result is immutable and independent of later changes to the file. */
    public TunnelConfig parse(Path file) throws ConfigException {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new ConfigException(List.of("Invalid configuration file name \"" + file + "\"",
                "realpath: No such file or directory (2)"));
        }
        Run run = new Run(real);
        run.readFile(real.toString(), real);
        return run.finishAll();
    }

    /** The mutable state of one parse; sections may open inside included files, so it spans them all. */
    private final class Run {
        private final Path configFile;
        private final AddressResolver resolver = new AddressResolver(log);
        private final GlobalBuilder global = new GlobalBuilder(windows);
        private final SectionBuilder defaults = SectionBuilder.defaults();
        private final List<ServiceConfig> services = new ArrayList<>();
        private SectionBuilder current = defaults;
        private GlobalOptions globalOptions;

        Run(Path configFile) {
            this.configFile = configFile;
        }

        void readFile(String displayPath, Path path) throws ConfigException {
            log.log(LogLevel.NOTICE, "Reading configuration from file " + displayPath);
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(path);
            } catch (IOException e) {
                throw new ConfigException("Cannot open configuration file");
            }
            List<byte[]> lines = splitLines(bytes);
            for (int i = 0; i < lines.size(); i++) {
                byte[] line = lines.get(i);
                int start = 0;
                if (i == 0) {
                    boolean bom = line.length >= 3 && (line[0] & 0xff) == 0xef && (line[1] & 0xff) == 0xbb
                        && (line[2] & 0xff) == 0xbf;
                    log.log(LogLevel.NOTICE, bom ? "UTF-8 byte order mark detected"
                        : "UTF-8 byte order mark not detected");
                    start = bom ? 3 : 0;
                }
                String rawLine = new String(line, StandardCharsets.UTF_8);
                String text = new String(line, start, line.length - start, StandardCharsets.UTF_8);
                readLine(displayPath, i + 1, rawLine, text, path);
            }
        }

        private void readLine(String displayPath, int number, String rawLine, String text, Path path)
            throws ConfigException {
            String line = trim(text);
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == ';') {
                return;
            }
            if (line.charAt(0) == '[' && line.charAt(line.length() - 1) == ']' && line.length() >= 2) {
                endSection(false);
                current = defaults.newSection(line.substring(1, line.length() - 1));
                return;
            }
            String where = displayPath + ":" + number;
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(where + ": \"" + rawLine + "\": No '=' found");
            }
            String name = trimEnd(line.substring(0, eq));
            String value = trimStart(line.substring(eq + 1));
            try {
                option(name, value, where, path);
            } catch (OptionValueException e) {
                throw new ConfigException(where + ": \"" + rawLine + "\": " + e.getMessage());
            } catch (ConfigException e) {
                // an included file failed: its own lines first, then this line
                List<String> lines = new ArrayList<>(e.lines());
                lines.add(where + ": \"" + rawLine + "\": Failed to include a file");
                throw new ConfigException(lines);
            }
        }

        private void option(String name, String value, String where, Path path)
            throws OptionValueException, ConfigException {
            Option option = Option.byName(name)
                .filter(o -> o.availableOn(windows))
                .filter(o -> o.scope() == OptionScope.SERVICE || current.isDefaults())
                .orElseThrow(() -> new OptionValueException("Specified option name is not valid here"));
            if (option == Option.INCLUDE) {
                include(value, path);
                return;
            }
            if (option.status() == OptionStatus.NOT_IMPLEMENTED && option.turnsOff(value)) {
                return; // "libwrap = no" and the like: nothing to do, nothing to refuse
            }
            switch (option.status()) {
                case NOT_IMPLEMENTED -> throw new OptionValueException(option.reason()
                    .map(why -> "Option \"" + option.stunnelName() + "\" is not supported by jtunnel: " + why)
                    .orElse("Option \"" + option.stunnelName() + "\" is not implemented in jtunnel yet"));
                case IGNORED -> log.log(LogLevel.NOTICE, "Option \"" + option.stunnelName() + "\" is ignored: "
                    + option.reason().orElse("it has no effect in jtunnel"));
                case IMPLEMENTED -> { }
            }
            if (option.scope() == OptionScope.GLOBAL) {
                global.apply(option, value, where);
            } else {
                current.apply(option, value, where, resolver, log);
            }
        }

        private void include(String value, Path includingFile) throws OptionValueException, ConfigException {
            if (value.isEmpty()) {
                log.log(LogLevel.ERR, "scandir: No such file or directory (2)");
                throw new OptionValueException("Failed to include directory");
            }
            Path dir = Path.of(value);
            if (!Files.isDirectory(dir) && !dir.isAbsolute()) {
                Path besideFile = includingFile.getParent().resolve(value);
                if (Files.isDirectory(besideFile)) {
                    dir = besideFile;
                }
            }
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                stream.forEach(entries::add);
            } catch (IOException e) {
                log.log(LogLevel.ERR, "scandir: " + describe(e));
                throw new OptionValueException("Failed to include directory");
            }
            entries.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
            String separator = windows ? "\\" : "/";
            for (Path entry : entries) {
                String display = value + separator + entry.getFileName();
                if (Files.isRegularFile(entry)) {
                    readFile(display, entry);
                } else {
                    log.log(LogLevel.DEBUG, "\"" + display + "\" is not a file");
                }
            }
        }

        /** A section header or the end of the file closes the current section (stunnel's init_section). */
        private void endSection(boolean eof) throws ConfigException {
            if (current.isDefaults()) {
                try {
                    globalOptions = global.finish(defaults);
                } catch (OptionValueException e) {
                    throw new ConfigException("Global options: " + e.getMessage());
                }
            }
            if (!current.isDefaults() || eof) {
                try {
                    current.logsToStderr(globalOptions.foreground() == Foreground.YES);
                    services.add(current.finish(resolver, current.isDefaults(), services, log));
                } catch (OptionValueException e) {
                    throw new ConfigException((current.isDefaults() ? "Inetd mode: " : "Service [" + current.name()
                        + "]: ") + e.getMessage());
                }
            }
        }

        TunnelConfig finishAll() throws ConfigException {
            endSection(true);
            return new TunnelConfig(configFile, globalOptions, services, current.isDefaults());
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory (2)";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied (13)";
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return "Not a directory (20)";
        }
        return String.valueOf(e.getMessage());
    }

    /** Lines as stunnel's file_getline() yields them: split at LF, every CR dropped, long lines cut in pieces. */
    static List<byte[]> splitLines(byte[] bytes) {
        List<byte[]> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean pending = false;
        for (byte b : bytes) {
            if (b == '\n') {
                lines.add(line.toByteArray());
                line.reset();
                pending = false;
            } else if (b != '\r') {
                line.write(b);
                pending = true;
                if (line.size() == MAX_LINE_BYTES) {
                    lines.add(line.toByteArray());
                    line.reset();
                    pending = false;
                }
            }
        }
        if (pending) {
            lines.add(line.toByteArray());
        }
        return lines;
    }

    /** C's isspace() in the "C" locale. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    static String trim(String s) {
        return trimEnd(trimStart(s));
    }

    static String trimStart(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    static String trimEnd(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
