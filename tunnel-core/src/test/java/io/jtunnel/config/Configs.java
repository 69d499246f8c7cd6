package io.jtunnel.config;

import io.jtunnel.log.RecordingLogSink;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small helpers shared by the parser tests: writing configs, parsing them, reading the error lines. */
final class Configs {
    private Configs() {
    }

    /** Writes {@code text} as UTF-8 bytes, exactly as given (no line-ending conversion). */
    static Path write(Path dir, String name, String text) {
        return writeBytes(dir, name, text.getBytes(StandardCharsets.UTF_8));
    }

    static Path writeBytes(Path dir, String name, byte[] bytes) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample configuration copied from /work/shared/configs into src/test/resources/configs. */
    static Path sample(String name) {
        URL url = Configs.class.getResource("/configs/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource configs/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static TunnelConfig parse(Path file) throws ConfigException {
        return new ConfigParser(new RecordingLogSink(), false).parse(file);
    }

    static TunnelConfig parse(Path file, RecordingLogSink log) throws ConfigException {
        return new ConfigParser(log, false).parse(file);
    }

    /** The error lines of a configuration that must be rejected. */
    static List<String> errorLines(Path file) {
        return errorLines(file, new RecordingLogSink());
    }

    static List<String> errorLines(Path file, RecordingLogSink log) {
        ConfigException[] caught = new ConfigException[1];
        assertThatThrownBy(() -> new ConfigParser(log, false).parse(file))
            .isInstanceOfSatisfying(ConfigException.class, e -> caught[0] = e);
        return caught[0].lines();
    }

    /** {@code <realpath>:<line>: "<raw line>": <message>}, stunnel's per-line error format. */
    static String lineError(Path file, int line, String rawLine, String message) {
        return real(file) + ":" + line + ": \"" + rawLine + "\": " + message;
    }

    static String real(Path file) {
        try {
            return file.toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InetSocketAddress socket(String literal, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(literal), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ServiceConfig service(TunnelConfig config, String name) {
        return config.services().stream().filter(s -> s.name().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no service [" + name + "] in " + config.services().stream()
                .map(ServiceConfig::name).toList()));
    }
}
