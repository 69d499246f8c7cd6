package io.jtunnel.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyTypeTest {

    @TempDir
    Path dir;

    @Test
    void default_is_rsa_2048() {
        assertThat(KeyType.DEFAULT).isEqualTo(KeyType.RSA_2048);
    }

    @Test
    void rsa_looks_up_the_supported_sizes() {
        assertThat(KeyType.rsa(2048)).isEqualTo(KeyType.RSA_2048);
        assertThat(KeyType.rsa(3072)).isEqualTo(KeyType.RSA_3072);
        assertThat(KeyType.rsa(4096)).isEqualTo(KeyType.RSA_4096);
    }

    @Test
    void rsa_rejects_unsupported_sizes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyType.rsa(1024))
                .withMessage("RSA key size 1024 is not supported (expected: 2048, 3072 or 4096)");
    }

    @Test
    void rsa_3072_generates_a_3072_bit_modulus() {
        KeyPair keyPair = KeyType.RSA_3072.generate(new SecureRandom());

        assertThat(((RSAPublicKey) keyPair.getPublic()).getModulus().bitLength()).isEqualTo(3072);
    }

    @Test
    void ec_p256_key_and_certificate_pass_openssl_checks() throws Exception {
        OpenSsl openssl = new OpenSsl(dir);
        CertificateBundle bundle = new CertificateBuilder().subject("CN=ec").keyType(KeyType.EC_P256).build();
        bundle.writePrivateKey(dir.resolve("key.pem"));
        bundle.writeCertificate(dir.resolve("cert.pem"));

        assertThat(((ECPublicKey) bundle.keyPair().getPublic()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(openssl.run("ec", "-check", "-noout", "-in", "key.pem")).contains("EC Key valid.");
        assertThat(openssl.run("x509", "-noout", "-text", "-in", "cert.pem"))
                .contains("Signature Algorithm: ecdsa-with-SHA256")
                .contains("ASN1 OID: prime256v1")
                .contains("NIST CURVE: P-256");
        assertThat(openssl.run("verify", "-x509_strict", "-CAfile", "cert.pem", "cert.pem"))
                .isEqualToIgnoringNewLines("cert.pem: OK");
        assertThat(openssl.run("pkey", "-in", "key.pem", "-pubout"))
                .isEqualTo(openssl.run("x509", "-pubkey", "-noout", "-in", "cert.pem"));
    }
}
