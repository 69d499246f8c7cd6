package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code protocol = proxy}: the upstream learns the client's address from a PROXY v1 line before any data. */
@Timeout(60)
class ProxyProtocolTest {
    @TempDir
    Path dir;

    @Test
    void upstream_reads_the_proxy_line_then_the_data() throws Exception {
        TestPki pki = new TestPki(dir);
        List<String> lines = new CopyOnWriteArrayList<>();
        try (TestUpstream upstream = new TestUpstream(socket -> {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
                lines.add(in.readLine());
                lines.add(in.readLine());
                socket.getOutputStream().write('k');
            });
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "protocol = proxy\n"));
             TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            client.send("OPTIONS icap://x/ ICAP/1.0\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.socket().getInputStream().read()).isEqualTo('k');
            int clientPort = client.socket().getLocalPort();
            assertThat(lines).containsExactly(
                "PROXY TCP4 127.0.0.1 127.0.0.1 " + clientPort + " " + tunnel.port(),
                "OPTIONS icap://x/ ICAP/1.0");
        }
    }

    @Test
    void addresses_are_written_as_getnameinfo_does() throws Exception {
        assertThat(ProxyHeader.line(new InetSocketAddress(InetAddress.getByName("2001:db8:0:0:1:0:0:1"), 40000),
            new InetSocketAddress(InetAddress.getByName("::1"), 11344)))
            .isEqualTo("PROXY TCP6 2001:db8::1:0:0:1 ::1 40000 11344\r\n");
        assertThat(Addresses.host(InetAddress.getByName("fe80:0:0:0:0:0:0:1"))).isEqualTo("fe80::1");
        assertThat(Addresses.host(InetAddress.getByName("::"))).isEqualTo("::");
        assertThat(Addresses.host(InetAddress.getByName("2001:db8:1:2:3:4:5:0"))).isEqualTo("2001:db8:1:2:3:4:5:0");
        assertThat(ProxyHeader.line(null, null)).isEqualTo("PROXY UNKNOWN\r\n");
    }
}
