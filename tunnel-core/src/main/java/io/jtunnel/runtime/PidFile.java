package io.jtunnel.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** stunnel's pid file: an existing file is removed first, then created exclusively with {@code <pid>\n}. */
public final class PidFile {
    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    public static PidFile create(Path path, long pid) throws IOException {
        Files.deleteIfExists(path);
        Files.write(path, (pid + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        return new PidFile(path);
    }

    public Path path() {
        return path;
    }

    public void remove() throws IOException {
        Files.deleteIfExists(path);
    }
}
