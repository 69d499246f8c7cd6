package io.jtunnel.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateBundleFilesTest {

    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String CERTIFICATE_BEGIN = "-----BEGIN CERTIFICATE-----";

    static CertificateBundle bundle;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeBundle() {
        bundle = new CertificateBuilder().subject("CN=files").build();
    }

    @Test
    void private_key_file_is_created_owner_only() throws Exception {
        Path key = dir.resolve("key.pem");

        bundle.writePrivateKey(key);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).isEqualTo(bundle.privateKeyPem());
    }

    @Test
    void existing_world_readable_key_file_is_narrowed_to_owner_only_and_replaced() throws Exception {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "old content that is longer than nothing at all ".repeat(100));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));

        bundle.writePrivateKey(key);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).isEqualTo(bundle.privateKeyPem());
    }

    @Test
    void combined_file_with_key_first_holds_key_then_certificate_and_is_owner_only() throws Exception {
        Path combined = dir.resolve("stunnel.pem");

        bundle.writeCombined(combined, true);

        String content = Files.readString(combined);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(combined))).isEqualTo("rw-------");
        assertThat(content).isEqualTo(bundle.privateKeyPem() + bundle.certificatePem());
        assertThat(content.indexOf(KEY_BEGIN)).isZero();
        assertThat(content.indexOf(CERTIFICATE_BEGIN)).isGreaterThan(content.indexOf("-----END PRIVATE KEY-----"));
        assertReadableByOpenSsl(combined);
    }

    @Test
    void combined_file_with_certificate_first_holds_certificate_then_key_and_is_owner_only() throws Exception {
        Path combined = dir.resolve("stunnel.pem");

        bundle.writeCombined(combined, false);

        String content = Files.readString(combined);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(combined))).isEqualTo("rw-------");
        assertThat(content).isEqualTo(bundle.certificatePem() + bundle.privateKeyPem());
        assertThat(content.indexOf(CERTIFICATE_BEGIN)).isZero();
        assertThat(content.indexOf(KEY_BEGIN)).isGreaterThan(content.indexOf("-----END CERTIFICATE-----"));
        assertReadableByOpenSsl(combined);
    }

    @Test
    void certificate_file_of_an_issued_certificate_holds_leaf_then_issuers() throws Exception {
        CertificateBundle leaf = new CertificateBuilder().subject("CN=leaf").issuer(bundle).build();
        Path certificate = dir.resolve("cert.pem");

        leaf.writeCertificate(certificate);

        assertThat(Files.readString(certificate))
                .isEqualTo(leaf.chainPem())
                .isEqualTo(leaf.certificatePem() + bundle.certificatePem());
    }

    @Test
    void pem_blocks_are_what_openssl_3_writes() {
        assertThat(bundle.privateKeyPem()).startsWith(KEY_BEGIN).doesNotContain("RSA PRIVATE KEY");
        assertThat(bundle.certificatePem()).startsWith(CERTIFICATE_BEGIN).containsOnlyOnce(CERTIFICATE_BEGIN);
        assertThat(bundle.chainPem()).isEqualTo(bundle.certificatePem());
    }

    private void assertReadableByOpenSsl(Path combined) {
        OpenSsl openssl = new OpenSsl(dir);
        String file = combined.getFileName().toString();
        assertThat(openssl.run("rsa", "-check", "-noout", "-in", file)).contains("RSA key ok");
        assertThat(openssl.run("x509", "-noout", "-subject", "-in", file)).contains("subject=CN = files");
        assertThat(openssl.run("pkey", "-in", file, "-pubout"))
                .isEqualTo(openssl.run("x509", "-pubkey", "-noout", "-in", file));
    }
}
