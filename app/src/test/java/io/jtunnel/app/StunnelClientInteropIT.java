package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real stunnel as the TLS client, as a site that already runs stunnel on the other end would: a plain ICAP client
 * talks to stunnel4 ({@code client = yes}, with the client certificate), stunnel4 to jtunnel (the guide's section
 * with {@code verifyChain = yes}), jtunnel to the ICAP stub. Probes and multi-MiB REQMOD bodies arrive whole.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StunnelClientInteropIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static Pki pki;
    static IcapStubProcess stub;
    static JtunnelProcess jtunnel;
    static StunnelProcess stunnel;
    static int stunnelPort;

    @BeforeAll
    static void start() throws IOException {
        pki = Pki.create(dir);
        stub = IcapStubProcess.start(dir);
        int jtunnelPort = FreePorts.next();
        Path config = Configs.write(dir.resolve("jtunnel.conf"),
            Configs.seed(pki, jtunnelPort, stub.port, "verifyChain = yes"));
        jtunnel = JtunnelProcess.start(dir, config.toString()).awaitListening();

        stunnelPort = FreePorts.next();
        Path stunnelConfig = Configs.write(dir.resolve("stunnel-client.conf"), String.join("\n",
            "foreground = yes",
            "pid =",
            "syslog = no",
            "",
            "[cloud icap client]",
            "client = yes",
            "accept = 127.0.0.1:" + stunnelPort,
            "connect = 127.0.0.1:" + jtunnelPort,
            "cert = " + pki.clientCert,
            "key = " + pki.clientKey,
            // stunnel checks jtunnel's certificate too: the chain jtunnel sends must lead to the CA
            "CAfile = " + pki.caFile,
            "verifyChain = yes",
            "checkIP = 127.0.0.1",
            ""));
        stunnel = StunnelProcess.start(dir, stunnelConfig, stunnelPort);
    }

    @AfterAll
    static void stop() {
        if (stunnel != null) {
            stunnel.close();
        }
        if (jtunnel != null) {
            jtunnel.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void options_probe_gets_the_appliance_answer_through_stunnel_and_jtunnel() throws IOException {
        int mark = jtunnel.logMark();
        try (Socket socket = connect()) {
            socket.getOutputStream().write(Icap.options());
            String answer = Icap.readHead(socket.getInputStream());

            assertThat(answer).as("jtunnel log:%n%s%nstunnel log:%n%s", jtunnel.logSince(mark), stunnel.log())
                .startsWith("ICAP/1.0 200 OK\r\n");
        }
        jtunnel.awaitLogSince(mark, "Certificate accepted at depth=0: O=jtunnel test, CN=cloud-icap-client", TIMEOUT);
    }

    @Test
    void large_reqmod_bodies_and_a_following_probe_arrive_whole_on_one_connection() throws IOException {
        byte[] first = Icap.reqmod(3 * 1024 * 1024 + 12345, 1);
        byte[] second = Icap.reqmod(2 * 1024 * 1024, 2);
        byte[] probe = Icap.options();
        long answerBytes = 0;
        int mark = jtunnel.logMark();
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (byte[] request : new byte[][] {first, second}) {
                out.write(request);
                out.flush();
                String answer = Icap.readHead(in);
                assertThat(answer).as("answer to a REQMOD of %d bytes; jtunnel log:%n%s", request.length,
                    jtunnel.logSince(mark)).startsWith("ICAP/1.0 204 No Content\r\n");
                answerBytes += answer.length();
            }
            out.write(probe);
            String answer = Icap.readHead(in);
            assertThat(answer).startsWith("ICAP/1.0 200 OK\r\n");
            answerBytes += answer.length();

            // the client is done: its FIN travels as close_notify and FIN to the stub, whose FIN comes back
            socket.shutdownOutput();
            assertThat(in.read()).as("end of stream after the client's half-close").isEqualTo(-1);
        }
        // every byte in both directions, counted by jtunnel itself (another test's connection may close meanwhile)
        long requestBytes = (long) first.length + second.length + probe.length;
        jtunnel.awaitLogSince(mark, "Connection closed: " + answerBytes + " byte(s) sent to TLS, " + requestBytes
            + " byte(s) sent to socket", TIMEOUT);
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), stunnelPort);
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        return socket;
    }
}
