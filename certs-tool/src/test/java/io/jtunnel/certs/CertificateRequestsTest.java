package io.jtunnel.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateRequestsTest {

    @TempDir
    Path dir;

    @Test
    void csr_with_names_verifies_and_shows_subject_and_subject_alt_names() throws Exception {
        KeyPair keys = KeyType.DEFAULT.generate(new SecureRandom());
        X500Principal subject = OpenSslSubject.parse("/C=DE/O=Acme/CN=tunnel.example.com").subject();

        String pem = CertificateRequests.csrPem(keys, subject, "DNS:tunnel.example.com,IP:10.0.0.5");
        Files.writeString(dir.resolve("csr.pem"), pem);

        OpenSsl openssl = new OpenSsl(dir);
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        assertThat(openssl.run("req", "-verify", "-noout", "-in", "csr.pem"))
                .contains("Certificate request self-signature verify OK");
        assertThat(openssl.run("req", "-noout", "-text", "-in", "csr.pem"))
                .contains("Subject: C = DE, O = Acme, CN = tunnel.example.com")
                .contains("Signature Algorithm: sha256WithRSAEncryption")
                .contains("Public-Key: (2048 bit)")
                .containsPattern("X509v3 Subject Alternative Name: \\R\\s+DNS:tunnel.example.com, IP Address:10.0.0.5");
        Files.writeString(dir.resolve("key.pem"), PemEncoder.privateKey(keys.getPrivate()));
        assertThat(openssl.run("req", "-noout", "-pubkey", "-in", "csr.pem"))
                .isEqualTo(openssl.run("pkey", "-in", "key.pem", "-pubout"));
    }

    @Test
    void csr_without_names_has_no_requested_extensions_and_ec_keys_work() throws Exception {
        KeyPair keys = KeyType.EC_P256.generate(new SecureRandom());

        String pem = CertificateRequests.csrPem(keys, OpenSslSubject.parse("/CN=ec").subject(), List.of());

        assertThat(CertificateRequests.csrPem(keys, OpenSslSubject.parse("/CN=ec").subject(), (String) null))
                .startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        Files.writeString(dir.resolve("csr.pem"), pem);

        OpenSsl openssl = new OpenSsl(dir);
        assertThat(openssl.run("req", "-verify", "-noout", "-in", "csr.pem")).contains("verify OK");
        assertThat(openssl.run("req", "-noout", "-text", "-in", "csr.pem"))
                .contains("Subject: CN = ec")
                .contains("Signature Algorithm: ecdsa-with-SHA256")
                .doesNotContain("X509v3");
        // Empty attributes, as openssl req -new writes them without -addext.
        Files.writeString(dir.resolve("key.pem"), PemEncoder.privateKey(keys.getPrivate()));
        openssl.run("req", "-new", "-key", "key.pem", "-subj", "/CN=ec", "-out", "openssl-csr.pem");
        assertThat(attributes(openssl, "csr.pem")).isEqualTo(attributes(openssl, "openssl-csr.pem"))
                .isEqualTo("d=2  hl=2 l=   0 cons: cont [ 0 ]");
    }

    private static String attributes(OpenSsl openssl, String file) {
        return openssl.run("asn1parse", "-in", file).lines()
                .filter(line -> line.contains("cont [ 0 ]"))
                .map(line -> line.substring(line.indexOf("d=")).strip())
                .findFirst().orElse("none");
    }
}
