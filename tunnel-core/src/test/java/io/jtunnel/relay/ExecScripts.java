package io.jtunnel.relay;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Shell scripts for the exec tests: the programs a service runs. */
final class ExecScripts {
    private ExecScripts() {
    }

    /** {@code dir/name}, a {@code /bin/sh} script of {@code body}, executable by its owner only. */
    static Path write(Path dir, String name, String body) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
