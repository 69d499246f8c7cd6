package io.jtunnel.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuedCertificateTest {

    @TempDir
    static Path dir;

    static OpenSsl openssl;
    static CertificateBundle ca;

    @BeforeAll
    static void writeCa() throws Exception {
        openssl = new OpenSsl(dir);
        ca = new CertificateBuilder().subject("CN=jtunnel test CA").ca(true).build();
        ca.writeCertificate(dir.resolve("ca.pem"));
    }

    @Test
    void ca_has_critical_basic_constraints_and_certificate_signing_key_usage() {
        String text = openssl.run("x509", "-noout", "-text", "-in", "ca.pem");

        assertThat(text)
                .containsPattern("X509v3 Basic Constraints: critical\\R\\s+CA:TRUE")
                .containsPattern("X509v3 Key Usage: critical\\R\\s+Digital Signature, Certificate Sign, CRL Sign");
    }

    @Test
    void ca_issued_server_certificate_verifies_against_the_ca() throws Exception {
        CertificateBundle server = new CertificateBuilder()
                .subject("CN=server,O=jtunnel test")
                .issuer(ca)
                .serverAuth()
                .dnsName("localhost")
                .ipAddress("127.0.0.1")
                .ipAddress("::1")
                .build();
        server.writeCertificate(dir.resolve("server.pem"));

        assertThat(openssl.run("verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", "ca.pem", "server.pem"))
                .isEqualToIgnoringNewLines("server.pem: OK");
        assertThat(openssl.run("x509", "-noout", "-text", "-in", "server.pem"))
                .contains("Issuer: CN = jtunnel test CA")
                .containsPattern("X509v3 Basic Constraints: critical\\R\\s+CA:FALSE")
                .containsPattern("X509v3 Key Usage: critical\\R\\s+Digital Signature, Key Encipherment")
                .containsPattern("X509v3 Extended Key Usage: \\R\\s+TLS Web Server Authentication\\R")
                .contains("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1");
        assertThat(server.chain()).containsExactly(ca.certificate());
    }

    @Test
    void issued_certificate_authority_key_identifier_is_the_issuer_subject_key_identifier() {
        CertificateBundle leaf = new CertificateBuilder().subject("CN=leaf").issuer(ca).build();

        byte[] issuerSki = ca.certificate().getExtensionValue("2.5.29.14");
        byte[] leafAki = leaf.certificate().getExtensionValue("2.5.29.35");
        // SKI: OCTET STRING { OCTET STRING (20) }, AKI: OCTET STRING { SEQUENCE { [0] (20) } }
        assertThat(Arrays.copyOfRange(leafAki, leafAki.length - 20, leafAki.length))
                .isEqualTo(Arrays.copyOfRange(issuerSki, issuerSki.length - 20, issuerSki.length));
        assertThat(leaf.certificate().getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
    }

    @Test
    void client_certificate_has_client_auth_and_verifies_for_ssl_client_purpose() throws Exception {
        CertificateBundle client = new CertificateBuilder()
                .subject("CN=client")
                .keyType(KeyType.EC_P256)
                .issuer(ca)
                .clientAuth()
                .build();
        client.writeCertificate(dir.resolve("client.pem"));

        assertThat(openssl.run("verify", "-purpose", "sslclient", "-CAfile", "ca.pem", "client.pem"))
                .isEqualToIgnoringNewLines("client.pem: OK");
        assertThat(openssl.run("x509", "-noout", "-text", "-in", "client.pem"))
                .contains("Signature Algorithm: sha256WithRSAEncryption")
                .contains("ASN1 OID: prime256v1")
                .containsPattern("X509v3 Key Usage: critical\\R\\s+Digital Signature\\R")
                .contains("TLS Web Client Authentication");
    }

    @Test
    void certificate_issued_through_an_intermediate_verifies_with_its_chain() throws Exception {
        CertificateBundle intermediate = new CertificateBuilder()
                .subject("CN=jtunnel intermediate")
                .keyType(KeyType.EC_P256)
                .issuer(ca)
                .ca(true)
                .build();
        CertificateBundle leaf = new CertificateBuilder().subject("CN=leaf").issuer(intermediate).serverAuth().build();
        intermediate.writeCertificate(dir.resolve("intermediate.pem"));
        leaf.writeCertificate(dir.resolve("leaf-chain.pem"));

        assertThat(leaf.chain()).containsExactly(intermediate.certificate(), ca.certificate());
        assertThat(openssl.run("verify", "-CAfile", "ca.pem", "-untrusted", "intermediate.pem", "leaf-chain.pem"))
                .isEqualToIgnoringNewLines("leaf-chain.pem: OK");
        // The leaf's RSA key is signed with the intermediate's EC key.
        assertThat(openssl.run("x509", "-noout", "-text", "-in", "leaf-chain.pem"))
                .contains("Signature Algorithm: ecdsa-with-SHA256")
                .contains("Public-Key: (2048 bit)");
    }

    @Test
    void refuses_an_issuer_that_is_not_a_ca() {
        CertificateBundle leaf = new CertificateBuilder().subject("CN=leaf").issuer(ca).build();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CertificateBuilder().subject("CN=other").issuer(leaf))
                .withMessage("issuer CN=leaf is not a CA");
    }
}
