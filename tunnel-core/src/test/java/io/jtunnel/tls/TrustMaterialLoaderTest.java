package io.jtunnel.tls;

import io.jtunnel.log.RecordingLogSink;
import io.jtunnel.certs.OpenSsl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import io.jtunnel.certs.KeyType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TrustMaterialLoader}: {@code CAfile} bundles and {@code CApath} directories hashed by openssl rehash. */
class TrustMaterialLoaderTest {
    private static final CertificateBundle FIRST_CA = new CertificateBuilder().subject("CN=First CA,O=jtunnel")
        .keyType(KeyType.EC_P256).ca(true).build();
    private static final CertificateBundle SECOND_CA = new CertificateBuilder().subject("CN=Second CA")
        .keyType(KeyType.EC_P256).ca(true).build();

    @TempDir
    Path dir;

    private final RecordingLogSink log = new RecordingLogSink();

    @Test
    void loads_every_ca_of_a_cafile_and_logs_each_as_trusted_client_ca() throws Exception {
        Path caFile = dir.resolve("ca.pem");
        Files.writeString(caFile, FIRST_CA.certificatePem() + SECOND_CA.certificatePem(), StandardCharsets.US_ASCII);

        List<X509Certificate> trusted = new TrustMaterialLoader(log).load(Optional.of(caFile.toString()),
            Optional.empty());

        assertThat(trusted).containsExactly(FIRST_CA.certificate(), SECOND_CA.certificate());
        assertThat(log.lines()).containsExactly("INFO Configured trusted client CA: O=jtunnel, CN=First CA",
            "INFO Configured trusted client CA: CN=Second CA");
    }

    @Test
    void loads_the_cas_of_a_capath_directory_prepared_with_openssl_rehash() throws Exception {
        Path caPath = Files.createDirectory(dir.resolve("certs"));
        Files.writeString(caPath.resolve("first.pem"), FIRST_CA.certificatePem(), StandardCharsets.US_ASCII);
        Files.writeString(caPath.resolve("second.pem"), SECOND_CA.certificatePem(), StandardCharsets.US_ASCII);
        new OpenSsl(dir).run("rehash", caPath.toString());
        try (Stream<Path> entries = Files.list(caPath)) {
            assertThat(entries.filter(Files::isSymbolicLink).map(p -> p.getFileName().toString()))
                .hasSize(2).allMatch(name -> name.matches("[0-9a-f]{8}\\.0"));
        }

        List<X509Certificate> trusted = new TrustMaterialLoader(log).load(Optional.empty(),
            Optional.of(caPath.toString()));

        assertThat(trusted).containsExactlyInAnyOrder(FIRST_CA.certificate(), SECOND_CA.certificate());
        assertThat(log.lines()).containsExactlyInAnyOrder("INFO Configured trusted client CA: O=jtunnel, CN=First CA",
            "INFO Configured trusted client CA: CN=Second CA");
    }

    @Test
    void ignores_files_in_capath_that_are_not_hash_named() throws Exception {
        Path caPath = Files.createDirectory(dir.resolve("certs"));
        Files.writeString(caPath.resolve("first.pem"), FIRST_CA.certificatePem(), StandardCharsets.US_ASCII);

        List<X509Certificate> trusted = new TrustMaterialLoader(log).load(Optional.empty(),
            Optional.of(caPath.toString()));

        assertThat(trusted).isEmpty();
    }

    @Test
    void combines_cafile_and_capath() throws Exception {
        Path caFile = dir.resolve("ca.pem");
        Files.writeString(caFile, FIRST_CA.certificatePem(), StandardCharsets.US_ASCII);
        Path caPath = Files.createDirectory(dir.resolve("certs"));
        Files.writeString(caPath.resolve("second.pem"), SECOND_CA.certificatePem(), StandardCharsets.US_ASCII);
        new OpenSsl(dir).run("rehash", caPath.toString());

        List<X509Certificate> trusted = new TrustMaterialLoader(log).load(Optional.of(caFile.toString()),
            Optional.of(caPath.toString()));

        assertThat(trusted).containsExactly(FIRST_CA.certificate(), SECOND_CA.certificate());
    }

    @Test
    void names_a_missing_cafile() {
        String missing = dir.resolve("missing-ca.pem").toString();

        assertThatThrownBy(() -> new TrustMaterialLoader(log).load(Optional.of(missing), Optional.empty()))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageContaining(missing)
            .hasMessageContaining("No such file or directory");
    }

    @Test
    void names_a_cafile_without_certificates() throws Exception {
        Path caFile = dir.resolve("empty-ca.pem");
        Files.writeString(caFile, "not a certificate\n", StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> new TrustMaterialLoader(log).load(Optional.of(caFile.toString()), Optional.empty()))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageContaining(caFile.toString())
            .hasMessageContaining("no PEM certificate");
    }

    @Test
    void names_a_missing_capath_directory() {
        String missing = dir.resolve("no-such-dir").toString();

        assertThatThrownBy(() -> new TrustMaterialLoader(log).load(Optional.empty(), Optional.of(missing)))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageContaining(missing);
    }

    @Test
    void loads_nothing_when_neither_cafile_nor_capath_is_set() throws Exception {
        assertThat(new TrustMaterialLoader(log).load(Optional.empty(), Optional.empty())).isEmpty();
        assertThat(log.lines()).isEmpty();
    }
}
