package io.jtunnel.tls;

import io.jtunnel.log.RecordingLogSink;
import io.jtunnel.certs.OpenSsl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import io.jtunnel.certs.KeyType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link KeyMaterialLoader} with keys made by the real openssl, in every form stunnel accepts (reference §4.7). */
class KeyMaterialLoaderTest {
    private static final PassphraseSource SECRET = prompt -> Optional.of("secret".toCharArray());

    @TempDir
    Path dir;

    private OpenSsl openssl;
    private final RecordingLogSink log = new RecordingLogSink();

    @BeforeEach
    void setUp() {
        openssl = new OpenSsl(dir);
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.US_ASCII);
    }

    private void write(String name, String... parts) throws IOException {
        Files.writeString(dir.resolve(name), String.join("", parts), StandardCharsets.US_ASCII);
        chmod(name, "rw-------");
    }

    private void chmod(String name, String permissions) throws IOException {
        Files.setPosixFilePermissions(dir.resolve(name), PosixFilePermissions.fromString(permissions));
    }

    /** A self-signed certificate for the key in {@code keyFile}, made by openssl req. */
    private void certificateFor(String keyFile, String certFile, String passphrase) {
        List<String> args = new ArrayList<>(List.of("req", "-new", "-x509", "-key", keyFile, "-subj",
            "/CN=" + keyFile, "-days", "2", "-out", certFile));
        if (passphrase != null) {
            args.add("-passin");
            args.add("pass:" + passphrase);
        }
        openssl.run(args.toArray(new String[0]));
    }

    private KeyMaterial load(String certFile, String keyFile) throws KeyMaterialException {
        return new KeyMaterialLoader(log, PassphraseSource.none()).load(file(certFile), file(keyFile));
    }

    private String rsaTraditionalKey() throws IOException {
        openssl.run("genrsa", "-traditional", "-out", "rsa1.pem", "2048");
        assertThat(read("rsa1.pem")).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        return "rsa1.pem";
    }

    private String pkcs8RsaKey() throws IOException {
        openssl.run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "pkcs8.pem");
        assertThat(read("pkcs8.pem")).startsWith("-----BEGIN PRIVATE KEY-----");
        return "pkcs8.pem";
    }

    @Test
    void loads_a_pkcs1_rsa_key_in_front_of_its_certificate() throws Exception {
        String key = rsaTraditionalKey();
        certificateFor(key, "cert.pem", null);
        write("stunnel.pem", read(key), read("cert.pem"));

        KeyMaterial material = load("stunnel.pem", "stunnel.pem");

        assertThat(material.privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(material.chain()).hasSize(1);
        assertThat(material.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=rsa1.pem");
    }

    @Test
    void loads_a_pkcs8_key_placed_after_its_certificate() throws Exception {
        String key = pkcs8RsaKey();
        certificateFor(key, "cert.pem", null);
        write("stunnel.pem", read("cert.pem"), read(key));

        KeyMaterial material = load("stunnel.pem", "stunnel.pem");

        assertThat(material.privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(material.chain()).hasSize(1);
    }

    @Test
    void loads_an_ec_sec1_key_without_parameters_block() throws Exception {
        openssl.run("ecparam", "-genkey", "-noout", "-name", "prime256v1", "-out", "ec.pem");
        assertThat(read("ec.pem")).startsWith("-----BEGIN EC PRIVATE KEY-----");
        certificateFor("ec.pem", "cert.pem", null);
        write("stunnel.pem", read("ec.pem"), read("cert.pem"));

        KeyMaterial material = load("stunnel.pem", "stunnel.pem");

        assertThat(material.privateKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void loads_an_ec_sec1_key_preceded_by_its_ec_parameters_block() throws Exception {
        openssl.run("ecparam", "-genkey", "-name", "prime256v1", "-out", "ec.pem");
        assertThat(read("ec.pem")).startsWith("-----BEGIN EC PARAMETERS-----").contains("BEGIN EC PRIVATE KEY");
        certificateFor("ec.pem", "cert.pem", null);
        write("stunnel.pem", read("cert.pem"), read("ec.pem"));

        KeyMaterial material = load("stunnel.pem", "stunnel.pem");

        assertThat(material.privateKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void loads_an_ed25519_key() throws Exception {
        openssl.run("genpkey", "-algorithm", "ED25519", "-out", "ed.pem");
        certificateFor("ed.pem", "cert.pem", null);
        write("stunnel.pem", read("ed.pem"), read("cert.pem"));

        KeyMaterial material = load("stunnel.pem", "stunnel.pem");

        assertThat(material.privateKey().getAlgorithm()).isIn("EdDSA", "Ed25519");
    }

    @Test
    void skips_dh_parameters_appended_to_the_cert_file() throws Exception {
        String key = pkcs8RsaKey();
        certificateFor(key, "cert.pem", null);
        openssl.run("genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048", "-out", "dh.pem");
        assertThat(read("dh.pem")).startsWith("-----BEGIN DH PARAMETERS-----");
        write("stunnel.pem", read(key), read("cert.pem"), read("dh.pem"));

        assertThat(load("stunnel.pem", "stunnel.pem").chain()).hasSize(1);
    }

    @Test
    void decrypts_an_encrypted_pkcs8_key_with_the_right_passphrase() throws Exception {
        String key = pkcs8RsaKey();
        certificateFor(key, "cert.pem", null);
        openssl.run("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", key, "-out", "enc.pem", "-passout",
            "pass:secret");
        assertThat(read("enc.pem")).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        chmod("enc.pem", "rw-------");
        List<String> prompts = new ArrayList<>();
        PassphraseSource secret = prompt -> {
            prompts.add(prompt);
            return Optional.of("secret".toCharArray());
        };

        KeyMaterial material = new KeyMaterialLoader(log, secret).load(file("cert.pem"), file("enc.pem"));

        assertThat(material.privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(prompts).containsExactly("Enter " + file("enc.pem") + " pass phrase:");
        assertThat(log.lines()).noneMatch(line -> line.contains("Wrong passphrase"));
    }

    @Test
    void gives_up_after_three_wrong_passphrases_logging_two_retries() throws Exception {
        String key = pkcs8RsaKey();
        certificateFor(key, "cert.pem", null);
        openssl.run("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", key, "-out", "enc.pem", "-passout",
            "pass:secret");
        AtomicInteger asked = new AtomicInteger();
        PassphraseSource wrong = prompt -> {
            asked.incrementAndGet();
            return Optional.of("not-the-secret".toCharArray());
        };

        assertThatThrownBy(() -> new KeyMaterialLoader(log, wrong).load(file("cert.pem"), file("enc.pem")))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageContaining(file("enc.pem"))
            .hasMessageContaining("wrong pass phrase");
        assertThat(asked).hasValue(3);
        assertThat(log.lines()).filteredOn(line -> line.contains("Wrong passphrase"))
            .containsExactly("ERR Wrong passphrase: retrying", "ERR Wrong passphrase: retrying");
    }

    @Test
    void refuses_an_encrypted_key_when_nobody_can_be_asked_naming_the_file() throws Exception {
        String key = pkcs8RsaKey();
        certificateFor(key, "cert.pem", null);
        openssl.run("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", key, "-out", "enc.pem", "-passout",
            "pass:secret");

        assertThatThrownBy(() -> load("cert.pem", "enc.pem"))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageContaining(file("enc.pem"))
            .hasMessageContaining("encrypted");
    }

    @Test
    void decrypts_a_legacy_proc_type_encrypted_pem_key() throws Exception {
        String key = rsaTraditionalKey();
        certificateFor(key, "cert.pem", null);
        openssl.run("rsa", "-aes256", "-traditional", "-in", key, "-out", "legacy.pem", "-passout", "pass:secret");
        assertThat(read("legacy.pem")).contains("Proc-Type: 4,ENCRYPTED");
        write("stunnel.pem", read("cert.pem"), read("legacy.pem"));

        KeyMaterial material = new KeyMaterialLoader(log, SECRET).load(file("stunnel.pem"), file("stunnel.pem"));

        assertThat(material.privateKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void legacy_encrypted_key_with_wrong_passphrases_fails() throws Exception {
        String key = rsaTraditionalKey();
        certificateFor(key, "cert.pem", null);
        openssl.run("rsa", "-aes256", "-traditional", "-in", key, "-out", "legacy.pem", "-passout", "pass:secret");
        PassphraseSource wrong = prompt -> Optional.of("nope".toCharArray());

        assertThatThrownBy(() -> new KeyMaterialLoader(log, wrong).load(file("cert.pem"), file("legacy.pem")))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageContaining(file("legacy.pem"));
        assertThat(log.lines()).filteredOn(line -> line.contains("Wrong passphrase")).hasSize(2);
    }

    @Test
    void reads_the_leaf_and_the_intermediate_that_follows_it_as_a_two_element_chain() throws Exception {
        CertificateBundle root = new CertificateBuilder().subject("CN=Root").keyType(KeyType.EC_P256).ca(true).build();
        CertificateBundle intermediate = new CertificateBuilder().subject("CN=Intermediate")
            .keyType(KeyType.EC_P256).ca(true).issuer(root).build();
        CertificateBundle leaf = new CertificateBuilder().subject("CN=leaf").keyType(KeyType.EC_P256)
            .issuer(intermediate).build();
        write("stunnel.pem", leaf.privateKeyPem(), leaf.certificatePem(), intermediate.certificatePem());

        KeyMaterial material = load("stunnel.pem", "stunnel.pem");

        assertThat(material.chain()).containsExactly(leaf.certificate(), intermediate.certificate());
        assertThat(material.leaf()).isEqualTo(leaf.certificate());
    }

    @Test
    void takes_an_intermediate_placed_before_the_leaf_as_the_leaf_so_the_key_does_not_match() throws Exception {
        CertificateBundle root = new CertificateBuilder().subject("CN=Root").keyType(KeyType.EC_P256).ca(true).build();
        CertificateBundle leaf = new CertificateBuilder().subject("CN=leaf").keyType(KeyType.EC_P256)
            .issuer(root).build();
        write("stunnel.pem", root.certificatePem(), leaf.certificatePem(), leaf.privateKeyPem());

        assertThatThrownBy(() -> load("stunnel.pem", "stunnel.pem"))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageContaining("does not match");
    }

    @Test
    void reads_the_key_from_a_separate_key_file() throws Exception {
        String key = pkcs8RsaKey();
        certificateFor(key, "cert.pem", null);
        chmod(key, "rw-------");

        KeyMaterial material = load("cert.pem", key);

        assertThat(material.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=pkcs8.pem");
        assertThat(io.jtunnel.certs.Signatures.matches(material.privateKey(), material.leaf().getPublicKey())).isTrue();
        assertThat(log.lines()).contains("INFO Loading certificate from file: " + file("cert.pem"),
            "INFO Loading private key from file: " + file(key));
    }

    @Test
    void rejects_a_key_that_does_not_match_the_certificate_naming_both_files() throws Exception {
        String key = rsaTraditionalKey();
        certificateFor(key, "cert.pem", null);
        String other = pkcs8RsaKey();

        assertThatThrownBy(() -> load("cert.pem", other))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageContaining(file("cert.pem"))
            .hasMessageContaining(file(other));
    }

    @Test
    void rejects_a_key_of_another_algorithm_than_the_certificate() throws Exception {
        String key = rsaTraditionalKey();
        certificateFor(key, "cert.pem", null);
        openssl.run("ecparam", "-genkey", "-noout", "-name", "prime256v1", "-out", "ec.pem");

        assertThatThrownBy(() -> load("cert.pem", "ec.pem"))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageContaining("does not match");
    }

    @Test
    void names_a_missing_cert_file() {
        assertThatThrownBy(() -> load("missing-cert.pem", "missing-cert.pem"))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageContaining(file("missing-cert.pem"))
            .hasMessageContaining("No such file or directory");
    }

    @Test
    void names_a_missing_key_file() throws Exception {
        String key = pkcs8RsaKey();
        certificateFor(key, "cert.pem", null);

        assertThatThrownBy(() -> load("cert.pem", "missing-key.pem"))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageContaining(file("missing-key.pem"))
            .hasMessageContaining("No such file or directory");
    }

    @Test
    void names_a_cert_file_that_holds_no_certificate() throws Exception {
        String key = pkcs8RsaKey();

        assertThatThrownBy(() -> load(key, key))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageContaining(file(key))
            .hasMessageContaining("no PEM certificate");
    }

    @Test
    void names_a_key_file_that_holds_no_private_key() throws Exception {
        String key = pkcs8RsaKey();
        certificateFor(key, "cert.pem", null);

        assertThatThrownBy(() -> load("cert.pem", "cert.pem"))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageContaining(file("cert.pem"))
            .hasMessageContaining("no PEM private key");
    }

    @Test
    void warns_about_a_key_file_readable_by_others() throws Exception {
        String key = pkcs8RsaKey();
        certificateFor(key, "cert.pem", null);
        chmod(key, "rw-r--r--");

        load("cert.pem", key);

        assertThat(log.lines()).contains("WARNING Insecure file permissions on " + file(key));
    }

    @Test
    void does_not_warn_about_an_owner_only_key_file() throws Exception {
        String key = pkcs8RsaKey();
        certificateFor(key, "cert.pem", null);
        chmod(key, "rw-------");

        load("cert.pem", key);

        assertThat(log.lines()).noneMatch(line -> line.contains("Insecure file permissions"));
    }

    @Test
    void does_not_warn_about_a_group_readable_key_file_as_stunnel_only_checks_other_bits() throws Exception {
        String key = pkcs8RsaKey();
        certificateFor(key, "cert.pem", null);
        chmod(key, "rw-r-----");

        load("cert.pem", key);

        assertThat(log.lines()).noneMatch(line -> line.contains("Insecure file permissions"));
    }
}
