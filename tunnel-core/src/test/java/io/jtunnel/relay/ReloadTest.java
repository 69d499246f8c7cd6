package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.runtime.StartupException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload (SIGHUP) as stunnel does it, without its gap: new connections get the new settings on the same listening
 * socket, open connections keep the settings they started with, and a reload that cannot bind changes nothing.
 */
@Timeout(60)
class ReloadTest {
    @TempDir
    Path dir;



    @Test
    void new_connections_get_the_new_upstream_while_an_open_one_keeps_the_old() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream a = TestUpstream.naming("A");
             TestUpstream b = TestUpstream.naming("B");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", TunnelUnderTest.service(pki, a.port(), ""));
             TlsTestClient before = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            assertThat(before.ask()).isEqualTo("A");

            tunnel.reload("[svc]\naccept = 127.0.0.1:0\n" + TunnelUnderTest.service(pki, b.port(), ""));

            assertThat(tunnel.boundAddresses("svc")).extracting(java.net.InetSocketAddress::getPort)
                .containsExactly(tunnel.port()); // the same listening socket
            try (TlsTestClient after = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
                assertThat(after.ask()).isEqualTo("B");
            }
            assertThat(before.ask()).as("the open connection keeps its upstream").isEqualTo("A");
        }
    }

    @Test
    void reload_that_cannot_bind_a_new_address_changes_nothing() throws Exception {
        TestPki pki = new TestPki(dir);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             TestUpstream a = TestUpstream.naming("A");
             TestUpstream b = TestUpstream.naming("B");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", TunnelUnderTest.service(pki, a.port(), ""))) {
            String broken = "[svc]\naccept = 127.0.0.1:0\n" + TunnelUnderTest.service(pki, b.port(), "")
                + "[other]\naccept = 127.0.0.1:" + taken.getLocalPort() + "\n"
                + TunnelUnderTest.service(pki, b.port(), "");

            assertThatThrownBy(() -> tunnel.reload(broken)).isInstanceOf(StartupException.class)
                .hasMessageContaining("Binding service [other] failed");

            try (TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
                assertThat(client.ask()).as("still the old settings").isEqualTo("A");
            }
        }
    }

    @Test
    void removed_service_stops_listening_but_its_open_connection_goes_on() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream a = TestUpstream.naming("A");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", TunnelUnderTest.service(pki, a.port(), ""));
             TlsTestClient open = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            assertThat(open.ask()).isEqualTo("A");

            int otherPort;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                otherPort = probe.getLocalPort();
            }
            tunnel.reload("[elsewhere]\naccept = 127.0.0.1:" + otherPort + "\n"
                + TunnelUnderTest.service(pki, a.port(), ""));

            Listening.awaitRefused(tunnel.port());
            assertThat(open.ask()).isEqualTo("A");
        }
    }
}
