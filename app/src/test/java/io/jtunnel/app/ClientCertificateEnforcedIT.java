package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With {@code verifyChain = yes} the guide's section really enforces the cloud client's certificate: one from
 * CAfile gets through; none, one from another CA, or an expired one is refused during the handshake, and the
 * appliance never sees a byte. Two sections of one jtunnel share the work: the first in front of the ICAP stub for
 * the accepted client, the second in front of a recording socket for the refused ones.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientCertificateEnforcedIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String GUARDED = "guarded appliance";

    @TempDir
    static Path dir;

    static Pki pki;
    static IcapStubProcess stub;
    static RecordingUpstream recorder;
    static JtunnelProcess jtunnel;
    static int port;
    static int guardedPort;

    @BeforeAll
    static void start() throws IOException {
        pki = Pki.create(dir);
        stub = IcapStubProcess.start(dir);
        recorder = new RecordingUpstream();
        port = FreePorts.next();
        guardedPort = FreePorts.next();
        String config = Configs.seed(pki, port, stub.port, "verifyChain = yes")
            + "\n[" + GUARDED + "]\n" + Configs.section(pki, guardedPort, recorder.port()) + "verifyChain = yes\n";
        Path file = Configs.write(dir.resolve("stunnel.conf"), config);
        jtunnel = JtunnelProcess.start(dir, file.toString()).awaitListening();
    }

    @AfterAll
    static void stop() throws IOException {
        if (jtunnel != null) {
            jtunnel.close();
        }
        if (stub != null) {
            stub.close();
        }
        if (recorder != null) {
            recorder.close();
        }
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void client_certificate_issued_by_CAfile_is_accepted(String tls) {
        int mark = jtunnel.logMark();
        OpensslClient.Result result = new OpensslClient(dir).withCertificate(pki.clientCert, pki.clientKey).tls(tls)
            .send(port, Icap.options(), TIMEOUT);

        assertThat(result.stdout()).as("s_client stderr:%n%s%njtunnel log:%n%s", result.stderr(),
            jtunnel.logSince(mark)).startsWith("ICAP/1.0 200 OK\r\n");
        // stunnel prints the subject in OpenSSL's one-line form, in certificate order
        jtunnel.awaitLogSince(mark, "Certificate accepted at depth=0: O=jtunnel test, CN=cloud-icap-client", TIMEOUT);
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void client_without_certificate_is_rejected(String tls) {
        String log = rejected(new OpensslClient(dir).tls(tls));

        assertThat(log).contains("SSL_accept: peer did not return a certificate");
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void client_certificate_from_another_CA_is_rejected(String tls) {
        String log = rejected(new OpensslClient(dir).withCertificate(pki.otherCaClientCert, pki.otherCaClientKey)
            .tls(tls));

        assertThat(log).contains("Rejected by CERT at depth=").contains("SSL_accept: certificate verify failed");
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void expired_client_certificate_is_rejected(String tls) {
        String log = rejected(new OpensslClient(dir).withCertificate(pki.expiredClientCert, pki.expiredClientKey)
            .tls(tls));

        assertThat(log).contains("certificate has expired")
            .contains("Rejected by CERT at depth=0: O=jtunnel test, CN=expired client")
            .contains("SSL_accept: certificate verify failed");
    }

    /** Sends the OPTIONS probe to the guarded section; asserts no answer and no upstream contact; returns the log. */
    private static String rejected(OpensslClient client) {
        int mark = jtunnel.logMark();
        int connectionsBefore = recorder.connections();
        long bytesBefore = recorder.bytes();

        OpensslClient.Result result = client.send(guardedPort, Icap.options(), TIMEOUT);

        // the connection's last line comes after the handshake failure: then the upstream would have been dialled
        String log = jtunnel.awaitLogSince(mark, "Connection reset: 0 byte(s) sent to TLS, 0 byte(s) sent to socket",
            TIMEOUT);
        assertThat(result.gotIcapAnswer()).as("an ICAP answer through a refused handshake: %s", result.stdout())
            .isFalse();
        assertThat(log).contains("Service [" + GUARDED + "] accepted connection from 127.0.0.1:")
            .doesNotContain("s_connect: connected");
        assertThat(recorder.connections()).as("connections to the appliance").isEqualTo(connectionsBefore);
        assertThat(recorder.bytes()).as("bytes received by the appliance").isEqualTo(bytesBefore);
        return log;
    }
}
