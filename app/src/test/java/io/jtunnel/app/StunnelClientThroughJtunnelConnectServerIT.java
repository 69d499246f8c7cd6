package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jtunnel in server mode with {@code protocol = connect}, the real stunnel4 as its client: stunnel's own
 * {@code protocol = connect} client mode asks jtunnel for the target before TLS, as it would ask a proxy. Plain
 * ICAP client -> stunnel4 (client, protocolHost = the ICAP stub) -> jtunnel -> ICAP stub; jtunnel's own
 * {@code connect} (a recording upstream) is never used.
 */
@Timeout(120)
class StunnelClientThroughJtunnelConnectServerIT {
    @TempDir
    Path dir;

    @Test
    void stunnel_client_reaches_the_target_it_asked_jtunnel_for() throws Exception {
        Pki pki = Pki.create(dir);
        try (IcapStubProcess stub = IcapStubProcess.start(dir);
             RecordingUpstream configured = new RecordingUpstream()) {
            int jtunnelPort = FreePorts.next();
            Path jtunnelConf = Configs.write(dir.resolve("jtunnel.conf"), Configs.seed(pki, jtunnelPort,
                configured.port(), "protocol = connect", "verifyChain = yes"));
            int stunnelPort = FreePorts.next();
            Path stunnelConf = Configs.write(dir.resolve("stunnel-client.conf"), "foreground = yes\npid =\n"
                + "debug = info\n[via-jtunnel]\nclient = yes\naccept = 127.0.0.1:" + stunnelPort
                + "\nconnect = 127.0.0.1:" + jtunnelPort + "\nprotocol = connect\nprotocolHost = 127.0.0.1:" + stub.port
                + "\ncert = " + pki.clientCert + "\nkey = " + pki.clientKey + "\nCAfile = " + pki.caFile
                + "\nverifyChain = yes\ncheckIP = 127.0.0.1\n");
            try (JtunnelProcess jtunnel = JtunnelProcess.start(dir, jtunnelConf.toString()).awaitListening();
                 StunnelProcess stunnel = StunnelProcess.start(dir, stunnelConf, stunnelPort);
                 Socket socket = new Socket(InetAddress.getLoopbackAddress(), stunnelPort)) {
                socket.setSoTimeout(20_000);
                socket.getOutputStream().write(Icap.options());
                assertThat(Icap.readHead(socket.getInputStream())).startsWith("ICAP/1.0 200 OK");
                socket.shutdownOutput();

                assertThat(Processes.await(() -> stunnel.log().contains("CONNECT request accepted"),
                    Duration.ofSeconds(10))).as("stunnel4 log: %s", stunnel.log()).isTrue();
                String log = jtunnel.awaitLogSince(0, "s_connect: connected 127.0.0.1:" + stub.port,
                    Duration.ofSeconds(10));
                assertThat(log).contains("Certificate accepted at depth=0: O=jtunnel test, CN=cloud-icap-client");
                assertThat(configured.connections()).as("the configured connect is not used").isZero();
            }
        }
    }
}
