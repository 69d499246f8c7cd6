package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.certs.OpenSsl;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtunnel gencert} replaces the operator's three openssl steps: the files it writes are checked with the real
 * openssl, served by the real stunnel4 and by jtunnel, and a private CA it makes carries a mutual-TLS tunnel.
 */
@Timeout(180)
class GencertIT {
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final String SUBJECT = "/C=US/ST=Somewhere/O=Example Corp/CN=icap-tunnel.example.com";

    @TempDir
    Path dir;

    @Test
    void writes_key_certificate_and_combined_file_as_the_openssl_steps_do() throws Exception {
        JtunnelProcess.Result result = JtunnelProcess.run(dir, RUN, "gencert", "--subj", SUBJECT);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Path combined = dir.resolve("stunnel-key.pem");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(combined)).isEqualTo(Files.readString(key) + Files.readString(cert));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(combined))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cert))).isEqualTo("rw-r--r--");

        OpenSsl openssl = new OpenSsl(dir);
        String text = openssl.run("x509", "-noout", "-text", "-in", "cert.pem");
        assertThat(text).contains("Version: 3 (0x2)", "sha256WithRSAEncryption", "Public-Key: (2048 bit)",
            "X509v3 Subject Key Identifier", "X509v3 Authority Key Identifier",
            "X509v3 Basic Constraints: critical", "CA:TRUE",
            "Subject: C = US, ST = Somewhere, O = Example Corp, CN = icap-tunnel.example.com");
        assertThat(openssl.run("verify", "-CAfile", "cert.pem", "cert.pem")).contains("cert.pem: OK");
        assertThat(openssl.run("rsa", "-check", "-noout", "-in", "key.pem")).contains("RSA key ok");
        String notAfter = openssl.run("x509", "-noout", "-enddate", "-in", "cert.pem");
        assertThat(notAfter).contains(String.valueOf(LocalDate.now(ZoneOffset.UTC).plusDays(1095).getYear()));
        assertThat(result.stdout()).contains("Next: upload", "cert = ");
    }

    @Test
    void stunnel_and_jtunnel_both_serve_tls_with_the_generated_combined_file() throws Exception {
        assertThat(JtunnelProcess.run(dir, RUN, "gencert", "--subj", SUBJECT).exitCode()).isZero();
        try (RecordingUpstream upstream = new RecordingUpstream()) {
            int stunnelPort = FreePorts.next();
            Path stunnelConf = dir.resolve("stunnel.conf");
            Files.writeString(stunnelConf, "foreground = yes\npid =\n[icap]\naccept = 127.0.0.1:" + stunnelPort
                + "\nconnect = 127.0.0.1:" + upstream.port() + "\ncert = " + dir.resolve("stunnel-key.pem") + "\n");
            try (StunnelProcess stunnel = StunnelProcess.start(dir, stunnelConf, stunnelPort)) {
                assertServerCertificate(stunnelPort);
            }
            int jtunnelPort = FreePorts.next();
            Path jtunnelConf = dir.resolve("jtunnel.conf");
            Files.writeString(jtunnelConf, "foreground = yes\nsyslog = no\ndebug = info\n[icap]\naccept = 127.0.0.1:"
                + jtunnelPort + "\nconnect = 127.0.0.1:" + upstream.port() + "\ncert = "
                + dir.resolve("stunnel-key.pem") + "\n");
            try (JtunnelProcess jtunnel = JtunnelProcess.start(dir, jtunnelConf.toString()).awaitListening()) {
                assertServerCertificate(jtunnelPort);
            }
        }
    }

    @Test
    void asks_openssl_reqs_questions_when_no_subject_is_given() throws Exception {
        // Country (a 3-letter answer is asked again), State, Locality (Enter: empty default), Organization,
        // Organizational Unit ("." = empty), Common Name, Email Address (Enter)
        String answers = "USA\nDE\nBerlin\n\nAcme GmbH\n.\nicap.example.com\n\n";
        Process process = new ProcessBuilder(JtunnelProcess.command("gencert", "--out", dir.toString()))
            .directory(dir.toFile()).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(answers.getBytes(StandardCharsets.UTF_8));
        }
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(stderr).isZero();
        assertThat(stdout).contains("Country Name (2 letter code) [AU]:",
            "State or Province Name (full name) [Some-State]:", "Locality Name (eg, city) []:",
            "Organization Name (eg, company) [Internet Widgits Pty Ltd]:", "Organizational Unit Name (eg, section) []:",
            "Common Name (e.g. server FQDN or YOUR name) []:", "Email Address []:");
        assertThat(stdout + stderr).contains("String too long, must be at most 2 bytes long");
        assertThat(new OpenSsl(dir).run("x509", "-noout", "-subject", "-in", "cert.pem").strip())
            .isEqualTo("subject=C = DE, ST = Berlin, O = Acme GmbH, CN = icap.example.com");
    }

    @Test
    void refuses_to_overwrite_and_names_the_file_unless_forced() throws Exception {
        assertThat(JtunnelProcess.run(dir, RUN, "gencert", "--subj", SUBJECT).exitCode()).isZero();
        String before = Files.readString(dir.resolve("key.pem"));

        JtunnelProcess.Result again = JtunnelProcess.run(dir, RUN, "gencert", "--subj", SUBJECT);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr()).contains("key.pem already exists", "--force");
        assertThat(Files.readString(dir.resolve("key.pem"))).isEqualTo(before);

        JtunnelProcess.Result forced = JtunnelProcess.run(dir, RUN, "gencert", "--subj", SUBJECT, "--force");
        assertThat(forced.exitCode()).as(forced.stderr()).isZero();
        assertThat(Files.readString(dir.resolve("key.pem"))).isNotEqualTo(before);
    }

    @Test
    void bad_input_gets_a_clear_message_and_writes_nothing() throws IOException {
        String[][] cases = {
            {"--subj", "C=US/CN=x"},
            {"--subj", "/C=USA/CN=x"},
            {"--subj", "/O=No Common Name"},
            {"--subj", SUBJECT, "--bits", "1024"},
            {"--subj", SUBJECT, "--key-type", "dsa"},
            {"--subj", SUBJECT, "--san", "FOO:bar"},
            {"--subj", SUBJECT, "--days", "0"},
        };
        for (String[] args : cases) {
            String[] command = new String[args.length + 1];
            command[0] = "gencert";
            System.arraycopy(args, 0, command, 1, args.length);
            JtunnelProcess.Result result = JtunnelProcess.run(dir, RUN, command);
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(result.stderr()).as(String.join(" ", args)).startsWith("jtunnel gencert: ");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pem"))).isEmpty();
        }
    }

    @Test
    void csr_is_signed_by_the_new_key_and_carries_subject_and_names() throws Exception {
        JtunnelProcess.Result result = JtunnelProcess.run(dir, RUN, "gencert", "--csr", "--subj", SUBJECT,
            "--san", "DNS:icap-tunnel.example.com,IP:203.0.113.7");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        OpenSsl openssl = new OpenSsl(dir);
        assertThat(openssl.run("req", "-verify", "-noout", "-in", "csr.pem")).containsIgnoringCase("verify OK");
        assertThat(openssl.run("req", "-noout", "-text", "-in", "csr.pem"))
            .contains("CN = icap-tunnel.example.com", "DNS:icap-tunnel.example.com", "IP Address:203.0.113.7");
        assertThat(Files.exists(dir.resolve("cert.pem"))).isFalse();
    }

    @Test
    void private_ca_issues_server_and_client_certificates_for_a_mutual_tls_tunnel() throws Exception {
        Path ca = dir.resolve("ca");
        Path server = dir.resolve("server");
        Path client = dir.resolve("client");
        assertThat(JtunnelProcess.run(dir, RUN, "gencert", "--ca", "--subj", "/CN=Test CA", "--out", ca.toString())
            .exitCode()).isZero();
        JtunnelProcess.Result issued = JtunnelProcess.run(dir, RUN, "gencert", "--issuer", ca.resolve("ca.pem")
            .toString(), "--subj", "/CN=localhost", "--san", "DNS:localhost,IP:127.0.0.1", "--out", server.toString());
        assertThat(issued.exitCode()).as(issued.stderr()).isZero();
        assertThat(JtunnelProcess.run(dir, RUN, "gencert", "--issuer", ca.resolve("ca.pem").toString(), "--client",
            "--subj", "/CN=cloud client", "--out", client.toString()).exitCode()).isZero();

        OpenSsl openssl = new OpenSsl(dir);
        assertThat(openssl.run("verify", "-CAfile", "ca/ca.pem", "server/cert.pem")).contains("OK");
        assertThat(openssl.run("verify", "-CAfile", "ca/ca.pem", "-purpose", "sslclient", "client/cert.pem"))
            .contains("OK");
        assertThat(openssl.run("x509", "-noout", "-text", "-in", "client/cert.pem"))
            .contains("TLS Web Client Authentication");

        try (RecordingUpstream upstream = new RecordingUpstream()) {
            int port = FreePorts.next();
            Path conf = dir.resolve("mtls.conf");
            Files.writeString(conf, "foreground = yes\nsyslog = no\ndebug = info\n[icap]\naccept = 127.0.0.1:" + port
                + "\nconnect = 127.0.0.1:" + upstream.port() + "\ncert = " + server.resolve("stunnel-key.pem")
                + "\nCAfile = " + ca.resolve("ca.pem") + "\nverifyChain = yes\n");
            try (JtunnelProcess jtunnel = JtunnelProcess.start(dir, conf.toString()).awaitListening()) {
                new OpensslClient(dir).withCertificate(client.resolve("cert.pem"), client.resolve("key.pem"))
                    .send(port, Icap.options(), Duration.ofSeconds(5));
                assertThat(jtunnel.awaitLogSince(0, "Certificate accepted at depth=0: CN=cloud client",
                    Duration.ofSeconds(10))).isNotNull();
                assertThat(Processes.await(() -> upstream.bytes() == Icap.options().length, Duration.ofSeconds(10)))
                    .as("the request reached the upstream").isTrue();
            }
        }
    }

    @Test
    void cert_show_prints_what_the_operator_checks() throws Exception {
        assertThat(JtunnelProcess.run(dir, RUN, "gencert", "--subj", SUBJECT, "--san", "DNS:icap-tunnel.example.com")
            .exitCode()).isZero();
        JtunnelProcess.Result shown = JtunnelProcess.run(dir, RUN, "cert", "show", "stunnel-key.pem");
        assertThat(shown.exitCode()).as(shown.stderr()).isZero();
        String sha256 = new OpenSsl(dir).run("x509", "-noout", "-fingerprint", "-sha256", "-in", "cert.pem").strip();
        String fingerprint = sha256.substring(sha256.indexOf('=') + 1);
        assertThat(shown.stdout()).contains("CN=icap-tunnel.example.com", fingerprint, "RSA 2048",
            "DNS:icap-tunnel.example.com", "matches");
    }

    private void assertServerCertificate(int port) throws Exception {
        Process process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-brief")
            .directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("CONNECTION ESTABLISHED", "icap-tunnel.example.com");
    }
}
