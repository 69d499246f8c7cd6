package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtunnel check -c FILE --json}: validates the guide's configuration as a start would, prints the effective
 * options as JSON and the same warnings, without binding anything; an invalid file fails as a start does.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CheckCommandIT {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static Pki pki;

    @BeforeAll
    static void certificates() throws IOException {
        pki = Pki.create(dir);
    }

    @Test
    void valid_configuration_prints_effective_options_as_json_without_binding_its_port() throws IOException {
        int port = FreePorts.next();
        int upstream = FreePorts.next();
        Path config = Configs.write(dir.resolve("stunnel.conf"), Configs.seed(pki, port, upstream));

        JtunnelProcess.Result result;
        // the port is taken (a running tunnel, say): check must not care
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            result = JtunnelProcess.run(dir, RUN_TIMEOUT, "check", "-c", config.toString(), "--json");
        }

        assertThat(result.exitCode()).as("exit code; stderr:%n%s", result.stderr()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.stdout());
        assertThat(json.has("global")).as("\"global\" in%n%s", result.stdout()).isTrue();
        assertThat(json.get("global").isObject()).isTrue();
        JsonNode services = json.get("services");
        assertThat(services.isArray()).as("\"services\" in%n%s", result.stdout()).isTrue();
        assertThat(services).hasSize(1);
        JsonNode service = services.get(0);
        assertThat(service.get("name").asText()).isEqualTo(Configs.SERVICE);
        JsonNode options = service.get("options");
        assertThat(options.get("TIMEOUTclose").isIntegralNumber()).as("TIMEOUTclose: %s", options.get("TIMEOUTclose"))
            .isTrue();
        assertThat(options.get("TIMEOUTclose").asInt()).isEqualTo(1);
        assertThat(options.get("verifyChain").isBoolean()).as("verifyChain: %s", options.get("verifyChain")).isTrue();
        assertThat(options.get("verifyChain").asBoolean()).isFalse();
        assertThat(options.get("accept").isArray()).as("accept: %s", options.get("accept")).isTrue();
        assertThat(options.get("accept")).extracting(JsonNode::asText).containsExactly("127.0.0.1:" + port);
        assertThat(options.get("connect")).extracting(JsonNode::asText).containsExactly("127.0.0.1:" + upstream);
        assertThat(options.get("CAfile").asText()).isEqualTo(pki.caFile.toString());
        assertThat(result.stderr()).contains("Service [" + Configs.SERVICE + "]: client certificates are not checked");
    }

    @Test
    void invalid_configuration_fails_with_the_same_lines_as_a_start() throws IOException {
        String text = Configs.seed(pki, FreePorts.next(), FreePorts.next())
            .replace("TIMEOUTclose = 1", "TIMEOUTclosed = 1");
        Path config = Configs.write(dir.resolve("broken.conf"), text);
        int line = text.lines().toList().indexOf("TIMEOUTclosed = 1") + 1;

        JtunnelProcess.Result check = JtunnelProcess.run(dir, RUN_TIMEOUT, "check", "-c", config.toString(),
            "--json");
        JtunnelProcess.Result start = JtunnelProcess.run(dir, RUN_TIMEOUT, config.toString());

        assertThat(check.exitCode()).as("exit code; stderr:%n%s", check.stderr()).isEqualTo(1);
        assertThat(check.stdout()).as("nothing but errors").isEmpty();
        String expected = "[!] " + config.toRealPath() + ":" + line
            + ": \"TIMEOUTclosed = 1\": Specified option name is not valid here";
        assertThat(check.stderr()).contains(expected).contains("[!] Configuration failed");
        assertThat(start.stderr()).contains(expected);
        assertThat(errorLines(check.stderr())).isEqualTo(errorLines(start.stderr()));
    }

    private static java.util.List<String> errorLines(String stderr) {
        return stderr.lines().filter(line -> line.startsWith("[!]")).toList();
    }
}
