package io.jtunnel.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {

    private static final byte[] NEW = "new".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void key_file_is_created_owner_only() throws Exception {
        Path key = dir.resolve("key.pem");

        OutputFiles.writeNew(key, NEW, true, false);

        assertThat(mode(key)).isEqualTo("rw-------");
        assertThat(Files.readAllBytes(key)).isEqualTo(NEW);
    }

    @Test
    void certificate_file_is_created_world_readable() throws Exception {
        Path cert = dir.resolve("cert.pem");

        OutputFiles.writeNew(cert, NEW, false, false);

        assertThat(mode(cert)).isEqualTo("rw-r--r--");
    }

    @Test
    void existing_files_are_refused_naming_the_file_and_left_unchanged() throws Exception {
        for (boolean ownerOnly : new boolean[] {true, false}) {
            Path file = dir.resolve("existing-" + ownerOnly + ".pem");
            Files.writeString(file, "old");

            assertThatThrownBy(() -> OutputFiles.writeNew(file, NEW, ownerOnly, false))
                    .isInstanceOf(FileAlreadyExistsException.class)
                    .hasMessage(file + ": already exists (not overwritten)");
            assertThat(Files.readString(file)).isEqualTo("old");
        }
    }

    @Test
    void require_absent_names_the_first_existing_file() throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Files.writeString(cert, "old");

        assertThatThrownBy(() -> OutputFiles.requireAbsent(key, cert))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessage(cert + ": already exists (not overwritten)");
    }

    @Test
    void overwrite_replaces_and_narrows_a_loose_key_file() throws Exception {
        Path key = dir.resolve("stunnel-key.pem");
        Files.writeString(key, "old content, longer than the new one");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));

        OutputFiles.writeNew(key, NEW, true, true);

        assertThat(mode(key)).isEqualTo("rw-------");
        assertThat(Files.readAllBytes(key)).isEqualTo(NEW);
    }

    @Test
    void overwrite_replaces_a_certificate_and_makes_it_world_readable() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Files.writeString(cert, "old content, longer than the new one");
        Files.setPosixFilePermissions(cert, PosixFilePermissions.fromString("rw-------"));

        OutputFiles.writeNew(cert, NEW, false, true);

        assertThat(mode(cert)).isEqualTo("rw-r--r--");
        assertThat(Files.readAllBytes(cert)).isEqualTo(NEW);
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
