package io.jtunnel.relay;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Certificates for relay tests, made at run time: a CA, a server and clients (good, foreign, expired). */
final class TestPki {
    final CertificateBundle ca = new CertificateBuilder().subject("CN=jtunnel test CA").ca(true).build();
    final CertificateBundle otherCa = new CertificateBuilder().subject("CN=some other CA").ca(true).build();
    final CertificateBundle server = new CertificateBuilder().subject("CN=server").serverAuth()
        .dnsName("localhost").ipAddress("127.0.0.1").issuer(ca).build();
    final CertificateBundle client = new CertificateBuilder().subject("CN=client,O=cloud").clientAuth()
        .dnsName("client.example.internal").issuer(ca).build();
    final CertificateBundle foreignClient = new CertificateBuilder().subject("CN=intruder").clientAuth()
        .issuer(otherCa).build();
    final CertificateBundle expiredClient = new CertificateBuilder().subject("CN=expired client").clientAuth()
        .validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)))
        .issuer(ca).build();

    final Path serverPem;
    final Path caPem;

    TestPki(Path dir) {
        serverPem = dir.resolve("stunnel-key.pem");
        caPem = dir.resolve("ca.pem");
        try {
            server.writeCombined(serverPem, true);
            ca.writeCertificate(caPem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
