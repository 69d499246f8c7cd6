package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jtunnel in client mode behind a site's HTTP proxy ({@code protocol = connect}), the real stunnel4 as the TLS
 * server on the far side: plain ICAP client -> jtunnel -> CONNECT proxy -> stunnel4 (verifyChain) -> ICAP stub.
 */
@Timeout(120)
class JtunnelClientThroughHttpProxyIT {
    // "icap:s3cret proxy" in base64, as the proxy expects it
    private static final String AUTHORIZATION = "basic aWNhcDpzM2NyZXQgcHJveHk=";

    @TempDir
    Path dir;

    private static String clientConfig(Pki pki, int acceptPort, HttpConnectProxy proxy, int stunnelPort,
                                       String password) {
        return "foreground = yes\nsyslog = no\ndebug = debug\n[via-proxy]\nclient = yes\naccept = 127.0.0.1:"
            + acceptPort + "\nconnect = 127.0.0.1:" + proxy.port() + "\nprotocol = connect\nprotocolHost = 127.0.0.1:"
            + stunnelPort + "\nprotocolUsername = icap\nprotocolPassword = " + password
            + "\nprotocolHeader = User-Agent: jtunnel-it\ncert = " + pki.clientCert + "\nkey = " + pki.clientKey
            + "\nCAfile = " + pki.caFile + "\nverifyChain = yes\ncheckIP = 127.0.0.1\n";
    }

    @Test
    void icap_options_travel_through_the_proxy_to_stunnel() throws Exception {
        Pki pki = Pki.create(dir);
        try (IcapStubProcess stub = IcapStubProcess.start(dir);
             HttpConnectProxy proxy = new HttpConnectProxy(AUTHORIZATION)) {
            int stunnelPort = FreePorts.next();
            Path stunnelConf = Configs.write(dir.resolve("stunnel-server.conf"), "foreground = yes\npid =\n"
                + "debug = info\n[icap-server]\naccept = 127.0.0.1:" + stunnelPort + "\nconnect = 127.0.0.1:"
                + stub.port + "\ncert = " + pki.serverCombined + "\nCAfile = " + pki.caFile + "\nverifyChain = yes\n");
            int jtunnelPort = FreePorts.next();
            Path jtunnelConf = Configs.write(dir.resolve("jtunnel.conf"),
                clientConfig(pki, jtunnelPort, proxy, stunnelPort, "s3cret proxy"));
            try (StunnelProcess stunnel = StunnelProcess.start(dir, stunnelConf, stunnelPort);
                 JtunnelProcess jtunnel = JtunnelProcess.start(dir, jtunnelConf.toString()).awaitListening();
                 Socket socket = new Socket(InetAddress.getLoopbackAddress(), jtunnelPort)) {
                socket.setSoTimeout(20_000);
                socket.getOutputStream().write(Icap.options());
                assertThat(Icap.readHead(socket.getInputStream())).startsWith("ICAP/1.0 200 OK");
                socket.shutdownOutput();

                assertThat(proxy.requests).containsExactly(List.of("CONNECT 127.0.0.1:" + stunnelPort + " HTTP/1.1",
                    "Host: 127.0.0.1:" + stunnelPort, "Proxy-Authorization: " + AUTHORIZATION,
                    "User-Agent: jtunnel-it", ""));
                String log = jtunnel.awaitLogSince(0, "Certificate accepted at depth=0:", Duration.ofSeconds(10));
                assertThat(log).contains("CONNECT request accepted", "SNI: sending servername: 127.0.0.1",
                    "Proxy-Authorization: basic (hidden)").doesNotContain("s3cret", "aWNhcDpzM2NyZXQ");
                assertThat(Processes.await(() -> stunnel.log().contains("Certificate accepted at depth=0"),
                    Duration.ofSeconds(10))).as("stunnel4 verified jtunnel's certificate: %s", stunnel.log()).isTrue();
            }
        }
    }

    @Test
    void a_proxy_refusal_resets_the_client_and_is_logged_as_stunnel_logs_it() throws Exception {
        Pki pki = Pki.create(dir);
        try (HttpConnectProxy proxy = new HttpConnectProxy(AUTHORIZATION)) {
            int jtunnelPort = FreePorts.next();
            Path jtunnelConf = Configs.write(dir.resolve("jtunnel.conf"),
                clientConfig(pki, jtunnelPort, proxy, FreePorts.next(), "wrong"));
            try (JtunnelProcess jtunnel = JtunnelProcess.start(dir, jtunnelConf.toString()).awaitListening();
                 Socket socket = new Socket(InetAddress.getLoopbackAddress(), jtunnelPort)) {
                socket.setSoTimeout(20_000);
                socket.getOutputStream().write(Icap.options());
                int first;
                try {
                    first = socket.getInputStream().read();
                } catch (java.net.SocketException reset) {
                    first = -1;
                }
                assertThat(first).as("nothing comes back").isEqualTo(-1);
                String log = jtunnel.awaitLogSince(0, "Connection reset: 0 byte(s) sent to TLS, 0 byte(s) sent to"
                    + " socket", Duration.ofSeconds(10));
                assertThat(log).contains(" <- HTTP/1.1 407 Proxy Authentication Required", "CONNECT request rejected")
                    .doesNotContain("wrong", "TLS connected");
                assertThat(proxy.requests).hasSize(1);
            }
        }
    }
}
