package io.jtunnel.certs;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the real {@code openssl} binary in a directory and captures its combined output. */
public final class OpenSsl {

    private static final String BINARY = "/usr/bin/openssl";
    private static final Pattern EXTENSION_LINE = Pattern.compile("^\\s+(X509v3 [A-Z][^:]+):( critical)?\\s*$");

    public record Result(int exitCode, String output) {
    }

    private final Path directory;

    public OpenSsl(Path directory) {
        this.directory = directory;
    }

    /** Runs openssl and returns its output, failing the test with that output on a non-zero exit. */
    public String run(String... args) {
        Result result = runAllowingFailure(args);
        if (result.exitCode() != 0) {
            fail("openssl %s exited with %d:%n%s", String.join(" ", args), result.exitCode(), result.output());
        }
        return result.output();
    }

    public Result runAllowingFailure(String... args) {
        return runWithInput("", args);
    }

    /** Runs openssl with {@code input} as its standard input, e.g. answers to {@code openssl req}'s questions. */
    public Result runWithInput(String input, String... args) {
        List<String> command = new ArrayList<>();
        command.add(BINARY);
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("openssl %s did not finish within 60 s", String.join(" ", args));
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** The extensions {@code openssl x509 -text} lists, e.g. "X509v3 Basic Constraints critical". */
    List<String> extensions(String certificateFile) {
        List<String> names = new ArrayList<>();
        for (String line : run("x509", "-noout", "-text", "-in", certificateFile).split("\\R")) {
            Matcher matcher = EXTENSION_LINE.matcher(line);
            if (matcher.matches()) {
                names.add(matcher.group(2) == null ? matcher.group(1) : matcher.group(1) + " critical");
            }
        }
        return names;
    }

    Instant notBefore(String certificateFile) {
        return date(certificateFile, "-startdate", "notBefore=");
    }

    Instant notAfter(String certificateFile) {
        return date(certificateFile, "-enddate", "notAfter=");
    }

    private Instant date(String certificateFile, String option, String prefix) {
        String line = run("x509", "-noout", option, "-dateopt", "iso_8601", "-in", certificateFile).strip();
        // e.g. notAfter=2029-11-21 05:20:19Z
        return Instant.parse(line.substring(prefix.length()).replace(' ', 'T'));
    }
}
