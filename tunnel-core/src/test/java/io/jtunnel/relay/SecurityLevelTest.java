package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.KeyType;
import io.jtunnel.runtime.StartupException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code securityLevel} (default 2, as stunnel sets it) against the real openssl: weak keys and SHA-1 signatures are
 * refused with OpenSSL's verify messages, level 3 drops plain-RSA key exchange, level 4 drops 128-bit suites and
 * groups, and TLS 1.0/1.1 need level 0. Weak certificates are made with the openssl command line, as an operator would.
 */
@Timeout(90)
class SecurityLevelTest {
    /** The s_client side accepts anything, so only jtunnel's level decides. */
    private static final String[] ANY_LEVEL = {"-cipher", "DEFAULT@SECLEVEL=0"};

    @TempDir
    Path dir;

    @Test
    void a_1024_bit_server_key_stops_the_service_at_the_default_level() throws Exception {
        TestPki pki = new TestPki(dir);
        Path weak = weakServerPem(pki);
        assertThatThrownBy(() -> new TunnelUnderTest(dir, "openssl", "cert = " + weak + "\nconnect = 127.0.0.1:1\n"))
            .isInstanceOf(StartupException.class)
            .hasMessageContaining("ee key too small: RSA 1024-bit key")
            .hasMessageContaining("securityLevel 2 needs 112-bit security");
    }

    @Test
    void a_chain_through_a_weak_ca_stops_the_service_as_openssl_does() throws Exception {
        TestPki pki = new TestPki(dir);
        // the 3072-bit server key passes level 3, its 2048-bit CA in the same file does not
        Path chain = dir.resolve("server-3072-chain.pem");
        new CertificateBuilder().subject("CN=server").serverAuth().keyType(KeyType.RSA_3072).issuer(pki.ca).build()
            .writeCombined(chain, true);
        assertThatThrownBy(() -> new TunnelUnderTest(dir, "openssl",
            "cert = " + chain + "\nconnect = 127.0.0.1:1\nsecurityLevel = 3\n"))
            .isInstanceOf(StartupException.class)
            .hasMessageContaining("ca key too small: RSA 2048-bit key in CN=jtunnel test CA");
    }

    @Test
    void security_level_1_accepts_a_1024_bit_server_key() throws Exception {
        TestPki pki = new TestPki(dir);
        Path weak = weakServerPem(pki);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 "cert = " + weak + "\nconnect = 127.0.0.1:" + upstream.port() + "\nsecurityLevel = 1\n")) {
            assertThat(tunnel.startupLines()).contains("INFO User-specified security level set: 1");
            assertThat(SClient.brief(tunnel.port(), ANY_LEVEL)).contains("CONNECTION ESTABLISHED");
        }
    }

    @Test
    void a_1024_bit_client_key_is_rejected_with_openssl_s_message() throws Exception {
        TestPki pki = new TestPki(dir);
        Path[] client = signedClient(pki, "rsa:1024", "-sha256");
        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "CAfile = " + pki.caPem + "\nverifyChain = yes\n"))) {
            assertThat(tunnel.startupLines()).contains("INFO stunnel default security level set: 2");
            assertThat(withClientCertificate(tunnel.port(), client)).doesNotContain("CONNECTION ESTABLISHED");
            assertThat(log.await("CERT: Pre-verification error: EE certificate key too weak", Duration.ofSeconds(5)))
                .as("log: %s", log.lines()).isTrue();
            assertThat(log.contains("Rejected by CERT at depth=0: CN=weak client")).isTrue();
            assertThat(upstream.connections()).isZero();
        }
    }

    @Test
    void a_sha1_signed_client_certificate_is_rejected_at_the_default_level_and_accepted_at_level_0()
        throws Exception {
        TestPki pki = new TestPki(dir);
        Path[] client = signedClient(pki, "rsa:2048", "-sha1");
        String verify = "CAfile = " + pki.caPem + "\nverifyChain = yes\n";
        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), verify))) {
            assertThat(withClientCertificate(tunnel.port(), client)).doesNotContain("CONNECTION ESTABLISHED");
            assertThat(log.await("CERT: Pre-verification error: CA signature digest algorithm too weak",
                Duration.ofSeconds(5))).as("log: %s", log.lines()).isTrue();
        }
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), verify + "securityLevel = 0\n"))) {
            assertThat(withClientCertificate(tunnel.port(), client)).contains("CONNECTION ESTABLISHED");
        }
    }

    @Test
    void level_3_refuses_plain_rsa_key_exchange_and_issues_no_tickets() throws Exception {
        TestPki pki = new TestPki(dir);
        Path strongServer = dir.resolve("server-3072.pem");
        // self-signed: a chain through the 2048-bit test CA would itself be refused ("ca key too small")
        new CertificateBuilder().subject("CN=server").serverAuth().keyType(KeyType.RSA_3072).build()
            .writeCombined(strongServer, true);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", "cert = " + strongServer
                 + "\nconnect = 127.0.0.1:" + upstream.port() + "\nsecurityLevel = 3\n")) {
            assertThat(SClient.brief(tunnel.port(), "-tls1_2", "-cipher", "AES256-GCM-SHA384"))
                .doesNotContain("CONNECTION ESTABLISHED");
            assertThat(full(tunnel.port(), "-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384"))
                .contains("Cipher is ECDHE-RSA-AES256-GCM-SHA384")
                .doesNotContain("TLS session ticket:");
        }
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), ""))) {
            assertThat(SClient.brief(tunnel.port(), "-tls1_2", "-cipher", "AES256-GCM-SHA384"))
                .contains("CONNECTION ESTABLISHED");
            assertThat(full(tunnel.port(), "-tls1_2")).contains("TLS session ticket:");
        }
    }

    @Test
    void level_3_also_filters_a_ciphers_string_expanded_by_boringssl() throws Exception {
        Path strongServer = dir.resolve("server-3072-self.pem");
        new CertificateBuilder().subject("CN=server").serverAuth().keyType(KeyType.RSA_3072).build()
            .writeCombined(strongServer, true);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", "cert = " + strongServer
                 + "\nconnect = 127.0.0.1:" + upstream.port() + "\nciphers = HIGH:!aNULL\nsecurityLevel = 3\n")) {
            assertThat(SClient.brief(tunnel.port(), "-tls1_2", "-cipher", "AES256-GCM-SHA384"))
                .doesNotContain("CONNECTION ESTABLISHED");
            assertThat(SClient.brief(tunnel.port(), "-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384"))
                .contains("CONNECTION ESTABLISHED");
        }
    }

    @Test
    void level_4_refuses_128_bit_suites_and_groups_and_needs_tls_1_2_with_boringssl() throws Exception {
        TestPki pki = new TestPki(dir);
        // a 3072-bit key is only 128-bit strong: level 4 needs 7680 bits or P-384, so the service uses ECDSA P-384
        Path ecServer = ecServerPem(pki);
        String service = "cert = " + ecServer + "\nconnect = 127.0.0.1:%d\nsecurityLevel = 4\n";
        // BoringSSL always offers TLS_AES_128_GCM_SHA256 in TLS 1.3, which OpenSSL's level 4 excludes
        assertThatThrownBy(() -> new TunnelUnderTest(dir, "openssl", String.format(service, 1)))
            .hasMessageContaining("securityLevel 4 excludes TLS_AES_128_GCM_SHA256, which the openssl engine cannot"
                + " leave out of TLS 1.3: set sslVersionMax = TLSv1.2");
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 String.format(service, upstream.port()) + "sslVersionMax = TLSv1.2\n")) {
            assertThat(SClient.brief(tunnel.port(), "-groups", "X25519")).doesNotContain("CONNECTION ESTABLISHED");
            assertThat(SClient.brief(tunnel.port(), "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"))
                .doesNotContain("CONNECTION ESTABLISHED");
            assertThat(SClient.brief(tunnel.port(), "-groups", "P-384"))
                .contains("CONNECTION ESTABLISHED").contains("ECDHE-ECDSA-AES256-GCM-SHA384");
        }
    }

    @Test
    void tls_1_0_needs_level_0() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "sslVersionMin = TLSv1\n"))) {
            assertThat(SClient.brief(tunnel.port(), "-tls1", "-cipher", "DEFAULT@SECLEVEL=0"))
                .doesNotContain("CONNECTION ESTABLISHED");
            assertThat(SClient.brief(tunnel.port(), "-tls1_2")).contains("CONNECTION ESTABLISHED");
        }
        assertThatThrownBy(() -> new TunnelUnderTest(dir, "openssl",
            TunnelUnderTest.service(pki, 1, "sslVersion = TLSv1.1\n")))
            .hasMessageContaining("TLSv1.1 is not available at security level 2: TLS 1.0 and 1.1 need"
                + " \"securityLevel = 0\"");
    }

    /** A server key and certificate of 1024 bits signed by the test CA, in one file. */
    private Path weakServerPem(TestPki pki) throws Exception {
        Path[] files = signedClient(pki, "rsa:1024", "-sha256");
        Path combined = dir.resolve("weak-server.pem");
        java.nio.file.Files.writeString(combined, java.nio.file.Files.readString(files[1])
            + java.nio.file.Files.readString(files[0]));
        return combined;
    }

    private Path ecServerPem(TestPki pki) throws Exception {
        Path[] files = sign(pki, new String[] {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"}, "-sha384",
            "ec-server");
        Path combined = dir.resolve("ec-server.pem");
        java.nio.file.Files.writeString(combined, java.nio.file.Files.readString(files[1])
            + java.nio.file.Files.readString(files[0]));
        return combined;
    }

    /** {certificate, key} of "CN=weak client" with the given key and signature digest, issued by the test CA. */
    private Path[] signedClient(TestPki pki, String newkey, String digest) throws Exception {
        return sign(pki, new String[] {"-newkey", newkey}, digest, "weak-client");
    }

    private Path[] sign(TestPki pki, String[] keyOptions, String digest, String name) throws Exception {
        Path caKey = dir.resolve("ca-key.pem");
        pki.ca.writePrivateKey(caKey);
        Path key = dir.resolve(name + "-key.pem");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        List<String> request = new ArrayList<>(List.of("openssl", "req", "-new", "-nodes"));
        request.addAll(List.of(keyOptions));
        request.addAll(List.of("-keyout", key.toString(), "-subj", "/CN=" + name.replace('-', ' '), "-out",
            csr.toString()));
        run(request);
        run(List.of("openssl", "x509", "-req", "-in", csr.toString(), "-CA", pki.caPem.toString(), "-CAkey",
            caKey.toString(), "-set_serial", String.valueOf(System.nanoTime()), "-days", "2", digest, "-out",
            cert.toString()));
        return new Path[] {cert, key};
    }

    /** TLS 1.2, where a refused client certificate ends the handshake before s_client reports it established. */
    private static String withClientCertificate(int port, Path[] client) throws Exception {
        return SClient.brief(port, "-tls1_2", "-cert", client[0].toString(), "-key", client[1].toString(), "-cipher",
            "DEFAULT@SECLEVEL=0");
    }

    /** s_client's full report (session details included) of one TLS 1.2 handshake. */
    private static String full(int port, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
    }
}
