package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A client's renegotiation request (openssl s_client's "R") is refused on every engine, also with "yes". */
@Timeout(60)
class RenegotiationTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void client_initiated_renegotiation_ends_the_connection(String engine) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 TunnelUnderTest.service(pki, upstream.port(), "renegotiation = yes\n"))) {
            Process client = new ProcessBuilder(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + tunnel.port(),
                "-tls1_2")).redirectErrorStream(true).start();
            try (OutputStream in = client.getOutputStream()) {
                for (String line : new String[] {"before\n", "R\n", "after\n"}) {
                    in.write(line.getBytes(StandardCharsets.US_ASCII));
                    in.flush();
                    Thread.sleep(600);
                }
            } catch (java.io.IOException clientAlreadyGone) {
                // s_client may exit as soon as the server refuses
            }
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(client.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(output).contains("before", "RENEGOTIATING").doesNotContain("\nafter");
        }
    }
}
