package io.jtunnel.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PemBundlesTest {

    @TempDir
    static Path dir;

    static OpenSsl openssl;
    static CertificateBundle ca;

    @BeforeAll
    static void writeCa() throws Exception {
        openssl = new OpenSsl(dir);
        ca = new CertificateBuilder().subject("CN=jtunnel test CA").ca(true).build();
        Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        Files.writeString(dir.resolve("ca-key.pem"), ca.privateKeyPem());
        Files.writeString(dir.resolve("key-then-cert.pem"), ca.combinedPem(true));
        Files.writeString(dir.resolve("cert-then-key.pem"), ca.combinedPem(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"key-then-cert.pem", "cert-then-key.pem"})
    void issuer_is_read_from_one_file_in_either_order_and_signs_verifiable_certificates(String file) throws Exception {
        CertificateBundle issuer = PemBundles.readIssuer(dir.resolve(file), null);

        assertThat(issuer.certificate()).isEqualTo(ca.certificate());
        assertThat(issuer.chain()).isEmpty();
        assertVerifies(issuer, "issued-" + file);
    }

    @Test
    void issuer_is_read_from_separate_certificate_and_key_files() throws Exception {
        CertificateBundle issuer = PemBundles.readIssuer(dir.resolve("ca.pem"), dir.resolve("ca-key.pem"));

        assertThat(issuer.privateKey().getEncoded()).isEqualTo(ca.privateKey().getEncoded());
        assertVerifies(issuer, "issued-separate.pem");
    }

    @Test
    void traditional_rsa_key_is_read() throws Exception {
        openssl.run("rsa", "-traditional", "-in", "ca-key.pem", "-out", "ca-key-pkcs1.pem");
        assertThat(Files.readString(dir.resolve("ca-key-pkcs1.pem"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        CertificateBundle issuer = PemBundles.readIssuer(dir.resolve("ca.pem"), dir.resolve("ca-key-pkcs1.pem"));

        assertVerifies(issuer, "issued-pkcs1.pem");
    }

    @Test
    void ec_ca_made_by_openssl_with_a_sec1_key_is_read() throws Exception {
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-out", "ec-ca-key.pem");
        openssl.run("req", "-new", "-x509", "-key", "ec-ca-key.pem", "-subj", "/CN=openssl EC CA", "-out", "ec-ca.pem");

        CertificateBundle issuer = PemBundles.readIssuer(dir.resolve("ec-ca.pem"), dir.resolve("ec-ca-key.pem"));

        assertThat(issuer.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=openssl EC CA");
        CertificateBundle leaf = new CertificateBuilder().subject("CN=leaf").issuer(issuer).build();
        Files.writeString(dir.resolve("ec-leaf.pem"), leaf.certificatePem());
        assertThat(openssl.run("verify", "-CAfile", "ec-ca.pem", "ec-leaf.pem")).isEqualToIgnoringNewLines("ec-leaf.pem: OK");
    }

    @Test
    void key_that_does_not_match_the_certificate_is_refused_naming_both_files() throws Exception {
        CertificateBundle other = new CertificateBuilder().subject("CN=other").keyType(KeyType.EC_P256).build();
        Files.writeString(dir.resolve("other-key.pem"), other.privateKeyPem());

        assertThatThrownBy(() -> PemBundles.readIssuer(dir.resolve("ca.pem"), dir.resolve("other-key.pem")))
                .isInstanceOf(CertificateInputException.class)
                .hasMessage("the private key in " + dir.resolve("other-key.pem") + " does not match the certificate"
                        + " CN=jtunnel test CA in " + dir.resolve("ca.pem"));
    }

    @Test
    void certificate_that_is_not_a_ca_is_refused() throws Exception {
        CertificateBundle leaf = new CertificateBuilder().subject("CN=leaf").keyType(KeyType.EC_P256).issuer(ca).build();
        Path file = dir.resolve("leaf-bundle.pem");
        Files.writeString(file, leaf.combinedPem(true));

        assertThatThrownBy(() -> PemBundles.readIssuer(file, null))
                .isInstanceOf(CertificateInputException.class)
                .hasMessage(file + ": the certificate CN=leaf is not a CA (it lacks basicConstraints CA:TRUE),"
                        + " so it cannot issue certificates");
    }

    @Test
    void certificate_without_key_is_refused() {
        assertThatThrownBy(() -> PemBundles.readIssuer(dir.resolve("ca.pem"), null))
                .isInstanceOf(CertificateInputException.class)
                .hasMessageStartingWith(dir.resolve("ca.pem") + ": holds no private key");
    }

    @Test
    void encrypted_key_is_refused_with_how_to_decrypt_it() {
        openssl.run("pkey", "-in", "ca-key.pem", "-aes256", "-passout", "pass:secret", "-out", "ca-key-enc.pem");

        assertThatThrownBy(() -> PemBundles.readIssuer(dir.resolve("ca.pem"), dir.resolve("ca-key-enc.pem")))
                .isInstanceOf(CertificateInputException.class)
                .hasMessageStartingWith(dir.resolve("ca-key-enc.pem") + ": the private key is encrypted");
    }

    @Test
    void file_without_certificate_is_refused() {
        assertThatThrownBy(() -> PemBundles.readIssuer(dir.resolve("ca-key.pem"), null))
                .isInstanceOf(CertificateInputException.class)
                .hasMessageStartingWith(dir.resolve("ca-key.pem") + ": holds no certificate");
    }

    private static void assertVerifies(CertificateBundle issuer, String file) throws Exception {
        CertificateBundle leaf = new CertificateBuilder().subject("CN=leaf").keyType(KeyType.EC_P256)
                .issuer(issuer).serverAuth().build();
        Files.writeString(dir.resolve(file), leaf.certificatePem());
        assertThat(openssl.run("verify", "-purpose", "sslserver", "-CAfile", "ca.pem", file))
                .isEqualToIgnoringNewLines(file + ": OK");
    }
}
