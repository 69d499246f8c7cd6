package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.runtime.StartupException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Session resumption with the real openssl s_client: the cache, sessionResume = no, and shared ticket secrets. */
@Timeout(90)
class SessionResumptionTest {
    private static final String SECRETS = "ticketKeySecret = 000102030405060708090a0b0c0d0e0f\n"
        + "ticketMacSecret = 10:11:12:13:14:15:16:17:18:19:1a:1b:1c:1d:1e:1f\n";

    @TempDir
    Path dir;

    /** s_client's "New, ..." or "Reused, ..." line, saving the session to (or offering it from) a file. */
    private String connect(int port, String protocol, String sessionOption, Path session) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
            protocol, sessionOption, session.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write("ping\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            Thread.sleep(700); // the echo comes back, and a TLS 1.3 ticket with it, before stdin ends
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return output.lines().filter(line -> line.startsWith("New, ") || line.startsWith("Reused, ")).findFirst()
            .orElse(output);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-tls1_2", "-tls1_3"})
    void a_second_instance_with_the_same_ticket_secrets_resumes_the_session(String protocol) throws Exception {
        TestPki pki = new TestPki(dir);
        Path session = dir.resolve("session.pem");
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest first = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), SECRETS));
             TunnelUnderTest second = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), SECRETS));
             TunnelUnderTest stranger = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), ""))) {
            assertThat(connect(first.port(), protocol, "-sess_out", session)).startsWith("New, ");
            assertThat(Files.size(session)).isPositive();
            assertThat(connect(second.port(), protocol, "-sess_in", session)).startsWith("Reused, ");
            assertThat(connect(stranger.port(), protocol, "-sess_in", session)).startsWith("New, ");
        }
    }

    @Test
    void the_same_instance_resumes_by_default_and_not_with_session_resume_no() throws Exception {
        TestPki pki = new TestPki(dir);
        Path cached = dir.resolve("cached.pem");
        Path refused = dir.resolve("refused.pem");
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest resuming = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), ""));
             TunnelUnderTest notResuming = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "sessionResume = no\n"))) {
            connect(resuming.port(), "-tls1_2", "-sess_out", cached);
            assertThat(connect(resuming.port(), "-tls1_2", "-sess_in", cached)).startsWith("Reused, ");
            assertThat(connect(notResuming.port(), "-tls1_2", "-sess_out", refused)).startsWith("New, ");
            // no session id and no ticket were handed out: openssl has nothing to save, so nothing can be resumed
            assertThat(refused).doesNotExist();
            assertThat(notResuming.startupLines()).contains("INFO Session resumption disabled");
        }
    }

    @Test
    void ticket_secrets_need_the_openssl_engine() {
        TestPki pki = new TestPki(dir);
        assertThatThrownBy(() -> new TunnelUnderTest(dir, "jdk", TunnelUnderTest.service(pki, 1, SECRETS)).close())
            .isInstanceOf(StartupException.class)
            .hasMessageContaining("ticketKeySecret/ticketMacSecret need the openssl TLS engine");
    }
}
