package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code jtunnel selftest}: the packaged jar relays through a loopback mutual-TLS tunnel with each TLS engine. */
class SelfTestIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void selftest_passes_and_leaves_no_key_behind(String engine) throws Exception {
        long tempBefore = countSelftestDirs();
        JtunnelProcess.Result result = JtunnelProcess.run(dir, Duration.ofSeconds(60), "selftest", "--tls-engine",
            engine);
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout()).startsWith("jtunnel selftest: passed: " + engine + " engine on ")
            .contains("mutual TLS handshake and 46 bytes each way");
        assertThat(countSelftestDirs()).as("throw-away key directories left in java.io.tmpdir")
            .isLessThanOrEqualTo(tempBefore);
    }

    private static long countSelftestDirs() throws Exception {
        try (var paths = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return paths.filter(p -> p.getFileName().toString().startsWith("jtunnel-selftest-")).count();
        }
    }
}
