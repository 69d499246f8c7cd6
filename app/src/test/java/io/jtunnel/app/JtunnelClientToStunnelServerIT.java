package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jtunnel in client mode in front of the real stunnel (Debian's stunnel4) in server mode, mutual TLS both ways:
 * plain ICAP client -> jtunnel (client = yes) -> stunnel4 (verifyChain) -> ICAP stub.
 */
@Timeout(120)
class JtunnelClientToStunnelServerIT {
    @TempDir
    Path dir;

    @Test
    void icap_options_travel_through_jtunnel_client_and_stunnel_server() throws Exception {
        Pki pki = Pki.create(dir);
        try (IcapStubProcess stub = IcapStubProcess.start(dir)) {
            int stunnelPort = FreePorts.next();
            Path stunnelConf = dir.resolve("stunnel-server.conf");
            Files.writeString(stunnelConf, "foreground = yes\npid =\ndebug = info\n[icap-server]\naccept = 127.0.0.1:"
                + stunnelPort + "\nconnect = 127.0.0.1:" + stub.port + "\ncert = " + pki.serverCombined
                + "\nCAfile = " + pki.caFile + "\nverifyChain = yes\n");
            int jtunnelPort = FreePorts.next();
            Path jtunnelConf = dir.resolve("jtunnel-client.conf");
            Files.writeString(jtunnelConf, "foreground = yes\nsyslog = no\ndebug = info\n[to-remote-icap]\n"
                + "client = yes\naccept = 127.0.0.1:" + jtunnelPort + "\nconnect = 127.0.0.1:" + stunnelPort
                + "\ncert = " + pki.clientCert + "\nkey = " + pki.clientKey + "\nCAfile = " + pki.caFile
                + "\nverifyChain = yes\ncheckIP = 127.0.0.1\n");
            try (StunnelProcess stunnel = StunnelProcess.start(dir, stunnelConf, stunnelPort);
                 JtunnelProcess jtunnel = JtunnelProcess.start(dir, jtunnelConf.toString()).awaitListening();
                 Socket socket = new Socket(InetAddress.getLoopbackAddress(), jtunnelPort)) {
                socket.setSoTimeout(20_000);
                socket.getOutputStream().write(Icap.options());
                String head = readHead(socket.getInputStream());
                assertThat(head).startsWith("ICAP/1.0 200 OK");

                jtunnel.awaitLogSince(0, "TLS connected: new session negotiated", Duration.ofSeconds(10));
                jtunnel.awaitLogSince(0, "Certificate accepted at depth=0:", Duration.ofSeconds(10));
                assertThat(jtunnel.stderr()).doesNotContain("needs authentication to prevent MITM attacks");
                socket.shutdownOutput();
                assertThat(Processes.await(() -> stunnel.log().contains("Certificate accepted at depth=0"),
                    Duration.ofSeconds(10))).as("stunnel4 verified jtunnel's client certificate: %s", stunnel.log())
                    .isTrue();
            }
        }
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }
}
