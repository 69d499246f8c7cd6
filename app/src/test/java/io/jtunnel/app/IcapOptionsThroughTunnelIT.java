package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployment guide's Linux section in front of an ICAP server: the cloud client's OPTIONS probe gets the
 * appliance's answer through the tunnel. As in stunnel, a section with only CAfile does not ask for a client
 * certificate, so a client without one gets through too, and jtunnel says so at start-up. A second section in the
 * older guide's and the Windows guide's form (section {@code [microsoft-cas]} without {@code client = no},
 * certificate-first cert file, {@code TIMEOUTclose = 0}) works the same way.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IcapOptionsThroughTunnelIT {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    static Pki pki;
    static IcapStubProcess stub;
    static JtunnelProcess jtunnel;
    static int port;
    static int olderFormPort;

    @BeforeAll
    static void start() throws IOException {
        pki = Pki.create(dir);
        stub = IcapStubProcess.start(dir);
        port = FreePorts.next();
        olderFormPort = FreePorts.next();
        String olderForm = "\n[microsoft-cas]\n"
            + "accept = 127.0.0.1:" + olderFormPort + "\n"
            + "connect = 127.0.0.1:" + stub.port + "\n"
            + "cert = " + pki.serverCombinedCertFirst + "\n"
            + "CAfile = " + pki.caFile + "\n"
            + "TIMEOUTclose = 0\n";
        Path config = Configs.write(dir.resolve("stunnel.conf"), Configs.seed(pki, port, stub.port) + olderForm);
        jtunnel = JtunnelProcess.start(dir, config.toString()).awaitListening();
    }

    @AfterAll
    static void stop() {
        if (jtunnel != null) {
            jtunnel.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void client_with_certificate_gets_the_appliance_answer(String tls) {
        int mark = jtunnel.logMark();
        OpensslClient.Result result = new OpensslClient(dir).withCertificate(pki.clientCert, pki.clientKey).tls(tls)
            .send(port, Icap.options(), ANSWER_TIMEOUT);

        assertThat(result.stdout()).as("s_client stderr:%n%s%njtunnel log:%n%s", result.stderr(),
            jtunnel.logSince(mark)).startsWith("ICAP/1.0 200 OK\r\n").endsWith("\r\n\r\n");
        String log = jtunnel.awaitLogSince(mark, "TLSv" + tls + " ciphersuite: ", ANSWER_TIMEOUT);
        assertThat(log).contains("Service [" + Configs.SERVICE + "] accepted connection from 127.0.0.1:");
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void client_without_certificate_gets_through_when_only_CAfile_is_set(String tls) {
        int mark = jtunnel.logMark();
        OpensslClient.Result result = new OpensslClient(dir).tls(tls).send(port, Icap.options(), ANSWER_TIMEOUT);

        assertThat(result.stdout()).as("s_client stderr:%n%s%njtunnel log:%n%s", result.stderr(),
            jtunnel.logSince(mark)).startsWith("ICAP/1.0 200 OK\r\n");
        jtunnel.awaitLogSince(mark, "TLSv" + tls + " ciphersuite: ", ANSWER_TIMEOUT);
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void older_guide_form_with_certificate_first_file_and_TIMEOUTclose_0_works_too(String tls) {
        int mark = jtunnel.logMark();
        OpensslClient.Result result = new OpensslClient(dir).withCertificate(pki.clientCert, pki.clientKey).tls(tls)
            .send(olderFormPort, Icap.options(), ANSWER_TIMEOUT);

        assertThat(result.stdout()).as("s_client stderr:%n%s%njtunnel log:%n%s", result.stderr(),
            jtunnel.logSince(mark)).startsWith("ICAP/1.0 200 OK\r\n");
        jtunnel.awaitLogSince(mark, "Service [microsoft-cas] accepted connection from 127.0.0.1:", ANSWER_TIMEOUT);
    }

    @Test
    void start_up_log_warns_that_client_certificates_are_not_checked() {
        assertThat(jtunnel.stderr())
            .contains("LOG4[ui]: Service [" + Configs.SERVICE + "]: client certificates are not checked")
            .contains("verifyChain = yes");
    }
}
