package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an operator sees when the configuration is wrong, as stunnel shows it: exit code 1 and the buffered start-up
 * lines on stderr in error mode ({@code [!] file:line: "text": message}, then {@code [!] Configuration failed});
 * plus the command line stunnel users type ({@code FILE}, {@code -c FILE}, {@code -version}, {@code -help}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConfigErrorsExitIT {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static Pki pki;

    @BeforeAll
    static void certificates() throws IOException {
        pki = Pki.create(dir);
    }

    @ParameterizedTest(name = "jtunnel {0}broken.conf")
    @ValueSource(strings = {"", "-c "})
    void misspelt_option_fails_with_real_path_line_and_text(String invocation) throws IOException {
        Configs.write(dir.resolve("broken.conf"), String.join("\n",
            "[" + Configs.SERVICE + "]",
            "accept = 127.0.0.1:" + FreePorts.next(),
            "connect = 127.0.0.1:" + FreePorts.next(),
            "cert = " + pki.serverCombined,
            "TIMEOUTclosed = 1",
            "CAfile = " + pki.caFile,
            "client = no",
            ""));
        String realPath = dir.toRealPath().resolve("broken.conf").toString();

        // a relative name, as typed in the configuration directory: the message names the real path
        JtunnelProcess.Result result = invocation.isEmpty()
            ? JtunnelProcess.run(dir, RUN_TIMEOUT, "broken.conf")
            : JtunnelProcess.run(dir, RUN_TIMEOUT, "-c", "broken.conf");

        assertThat(result.exitCode()).as("exit code; stderr:%n%s", result.stderr()).isEqualTo(1);
        assertThat(result.stderr())
            .contains("[!] " + realPath + ":5: \"TIMEOUTclosed = 1\": Specified option name is not valid here")
            .contains("[!] Configuration failed");
    }

    @Test
    void missing_configuration_file_fails() {
        Path missing = dir.resolve("no-such-stunnel.conf");

        JtunnelProcess.Result result = JtunnelProcess.run(dir, RUN_TIMEOUT, missing.toString());

        assertThat(result.exitCode()).as("exit code; stderr:%n%s", result.stderr()).isEqualTo(1);
        assertThat(result.stderr()).contains("[!] Invalid configuration file name \"" + missing + "\"")
            .contains("[!] Configuration failed");
    }

    @Test
    void missing_certificate_file_fails_naming_it() {
        Path missingCert = dir.resolve("etc-ssl-private").resolve("stunnel-key.pem");
        Path config = Configs.write(dir.resolve("missing-cert.conf"), Configs.seed(pki, FreePorts.next(),
            FreePorts.next()).replace("cert = " + pki.serverCombined, "cert = " + missingCert));

        JtunnelProcess.Result result = JtunnelProcess.run(dir, RUN_TIMEOUT, config.toString());

        assertThat(result.exitCode()).as("exit code; stderr:%n%s", result.stderr()).isEqualTo(1);
        assertThat(result.stderr()).containsPattern("\\[!] .*" + java.util.regex.Pattern.quote(missingCert.toString()))
            .contains("[!] Configuration failed");
    }

    @Test
    void key_not_matching_the_certificate_fails_naming_the_key_file() {
        Path config = Configs.write(dir.resolve("wrong-key.conf"), Configs.seed(pki, FreePorts.next(),
            FreePorts.next(), "key = " + pki.clientKey).replace("cert = " + pki.serverCombined,
            "cert = " + pki.serverCert));

        JtunnelProcess.Result result = JtunnelProcess.run(dir, RUN_TIMEOUT, config.toString());

        assertThat(result.exitCode()).as("exit code; stderr:%n%s", result.stderr()).isEqualTo(1);
        assertThat(result.stderr())
            .containsPattern("\\[!] .*" + java.util.regex.Pattern.quote(pki.clientKey.toString()))
            .contains("[!] Configuration failed");
    }

    @Test
    void dash_c_file_starts_the_tunnel() {
        int port = FreePorts.next();
        Path config = Configs.write(dir.resolve("valid.conf"), Configs.seed(pki, port, FreePorts.next()));

        try (JtunnelProcess jtunnel = JtunnelProcess.start(dir, "-c", config.toString())) {
            jtunnel.awaitListening();
            assertThat(jtunnel.stop()).as("exit code after SIGTERM").isZero();
        }
    }

    @ParameterizedTest(name = "jtunnel {0}")
    @ValueSource(strings = {"-version", "--version"})
    void version_prints_the_banner_and_exits_0(String option) {
        JtunnelProcess.Result result = JtunnelProcess.run(dir, RUN_TIMEOUT, option);

        assertThat(result.exitCode()).as("exit code; output:%n%s", result.all()).isZero();
        assertThat(result.all()).containsPattern("jtunnel \\S+ on .*Java");
    }

    @Test
    void help_exits_0() {
        JtunnelProcess.Result result = JtunnelProcess.run(dir, RUN_TIMEOUT, "-help");

        assertThat(result.exitCode()).as("exit code; output:%n%s", result.all()).isZero();
        assertThat(result.all()).contains("jtunnel").contains("-c");
    }
}
