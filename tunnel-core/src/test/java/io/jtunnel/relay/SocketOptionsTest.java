package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code socket = l:} and {@code r:} options reach the kernel's sockets, as {@code ss} shows them. */
@Timeout(60)
class SocketOptionsTest {
    @TempDir
    Path dir;

    @Test
    void keepalive_is_set_on_the_accepted_and_the_outgoing_socket() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", TunnelUnderTest.service(pki, upstream.port(),
                 "socket = l:SO_KEEPALIVE=yes\nsocket = r:SO_KEEPALIVE=yes\nsocket = r:TCP_KEEPIDLE=600\n"));
             TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            client.send("x".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.socket().getInputStream().read()).isEqualTo('x');

            // the tunnel's side of each connection: local port = the tunnel's, or remote port = the upstream's
            assertThat(quietSocket("sport = :" + tunnel.port())).contains("timer:(keepalive");
            // TCP_KEEPIDLE=600 took: the first probe is due in about 10 minutes, not the kernel's default 2 hours
            assertThat(quietSocket("dport = :" + upstream.port())).containsPattern("timer:\\(keepalive,(9min|10min)");
        }
    }

    @Test
    void without_the_option_no_keepalive_is_set() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), ""));
             TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            client.send("x".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.socket().getInputStream().read()).isEqualTo('x');
            assertThat(quietSocket("sport = :" + tunnel.port())).doesNotContain("keepalive");
        }
    }

    /**
     * The one socket matching the filter, once nothing is waiting in its send queue: ss shows one timer per socket,
     * and while bytes are unacknowledged that is the retransmission timer, not keepalive.
     */
    private static String quietSocket(String filter) throws Exception {
        String line = "";
        for (int attempt = 0; attempt < 50; attempt++) {
            List<String> found = sockets(filter);
            assertThat(found).hasSize(1);
            line = found.get(0);
            if (!line.contains("timer:(on,")) {
                return line;
            }
            Thread.sleep(100);
        }
        return line;
    }

    /** Established TCP sockets matching an ss filter, one line each, with their timers. */
    private static List<String> sockets(String filter) throws Exception {
        Process ss = new ProcessBuilder("ss", "-tnoH", "state", "established", "( " + filter + " )")
            .redirectErrorStream(true).start();
        String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return output.lines().filter(line -> !line.isBlank()).toList();
    }

    @Test
    void an_option_the_transport_cannot_set_stops_the_start_instead_of_being_ignored() throws Exception {
        TestPki pki = new TestPki(dir);
        String service = TunnelUnderTest.service(pki, 1, "socket = a:IP_FREEBIND=yes\n");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TunnelUnderTest(dir, "openssl", service))
            .isInstanceOf(io.jtunnel.runtime.StartupException.class)
            .hasMessageContaining("Service [svc]: socket option(s) a:IP_FREEBIND=yes cannot be set with the nio"
                + " transport");
    }
}
