package io.jtunnel.app.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlSocketPathTest {
    @TempDir
    Path temp;

    @Test
    void name_is_16_hex_digits_of_the_sha256_of_the_full_path() {
        // sha256("/etc/jtunnel/jtunnel.conf") starts with these 16 digits (sha256sum of the string, no newline)
        assertThat(ControlSocketPath.hash("/etc/jtunnel/jtunnel.conf")).isEqualTo(sha256Prefix());
        assertThat(ControlSocketPath.name(Path.of("/nonexistent/jtunnel.conf"))).matches("[0-9a-f]{16}\\.sock");
    }

    @Test
    void every_spelling_of_one_file_gives_the_same_socket() throws IOException {
        Path config = Files.writeString(temp.resolve("stunnel.conf"), "");
        Path sub = Files.createDirectory(temp.resolve("sub"));
        Path link = Files.createSymbolicLink(temp.resolve("link.conf"), config);

        assertThat(ControlSocketPath.name(sub.resolve("../stunnel.conf"))).isEqualTo(ControlSocketPath.name(config));
        assertThat(ControlSocketPath.name(link)).isEqualTo(ControlSocketPath.name(config));
        assertThat(ControlSocketPath.name(temp.resolve("other.conf"))).isNotEqualTo(ControlSocketPath.name(config));
    }

    @Test
    void a_path_longer_than_a_socket_allows_is_refused_with_the_reason() {
        Path longDir = temp.resolve("d".repeat(120));

        assertThatThrownBy(() -> ControlSocketPath.of(longDir, Path.of("/etc/x.conf")))
            .isInstanceOf(ControlException.class)
            .hasMessageContaining("more than the 100 a Unix-domain socket allows: use a shorter control directory");
    }

    private static String sha256Prefix() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "printf %s /etc/jtunnel/jtunnel.conf | sha256sum").start();
            return new String(p.getInputStream().readAllBytes()).substring(0, 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
