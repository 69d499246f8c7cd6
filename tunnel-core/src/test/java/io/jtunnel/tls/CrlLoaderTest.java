package io.jtunnel.tls;

import static io.jtunnel.tls.TestChains.LEAF;
import static io.jtunnel.tls.TestChains.OTHER_ROOT;
import static io.jtunnel.tls.TestChains.ROOT;
import static io.jtunnel.tls.TestChains.presented;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.certs.OpenSsl;
import io.jtunnel.config.ConfigParser;
import io.jtunnel.config.PeerVerification;
import io.jtunnel.config.ServiceConfig;
import io.jtunnel.config.SubjectChecks;
import io.jtunnel.log.LogSink;
import io.jtunnel.log.RecordingLogSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CrlLoader}: {@code CRLfile} bundles, {@code CRLpath} directories hashed by openssl rehash, and bad files. */
class CrlLoaderTest {
    private static final X509CRL ROOT_CRL = TestCrls.by(ROOT).revoke(LEAF).build();
    private static final X509CRL OTHER_CRL = TestCrls.by(OTHER_ROOT).build();

    @TempDir
    Path dir;

    private final RecordingLogSink log = new RecordingLogSink();

    private CrlCheck load(Optional<String> file, Optional<String> path) throws KeyMaterialException {
        return new CrlLoader(log).load(file, path);
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return file;
    }

    @Test
    void without_crlfile_and_crlpath_checking_is_off() throws Exception {
        assertThat(load(Optional.empty(), Optional.empty())).isSameAs(CrlCheck.OFF);
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void loads_every_crl_of_a_crlfile_skipping_other_blocks_and_logs_as_stunnel() throws Exception {
        Path file = write("crls.pem", TestCrls.pem(ROOT_CRL) + ROOT.certificatePem() + TestCrls.pem(OTHER_CRL));
        assertThat(new OpenSsl(dir).run("crl", "-in", file.toString(), "-noout", "-issuer"))
            .contains("CN = Test Root");

        CrlCheck check = load(Optional.of(file.toString()), Optional.empty());

        assertThat(check.size()).isEqualTo(2);
        assertThat(log.lines()).containsExactly("DEBUG Loaded " + file + " revocation lookup file");
        assertThat(check.check(List.of(presented(LEAF)[0], ROOT.certificate()), new java.util.Date()))
            .isEqualTo("certificate revoked");
    }

    @Test
    void loads_the_crls_of_a_crlpath_directory_prepared_with_openssl_rehash() throws Exception {
        Path crlPath = Files.createDirectory(dir.resolve("crls"));
        Files.writeString(crlPath.resolve("root.crl"), TestCrls.pem(ROOT_CRL), StandardCharsets.US_ASCII);
        Files.writeString(crlPath.resolve("other.pem"), TestCrls.pem(OTHER_CRL), StandardCharsets.US_ASCII);
        new OpenSsl(dir).run("rehash", crlPath.toString());
        String rootHash = new OpenSsl(dir).run("crl", "-hash", "-noout", "-in", crlPath.resolve("root.crl")
            .toString()).strip();
        try (Stream<Path> entries = Files.list(crlPath)) {
            assertThat(entries.filter(Files::isSymbolicLink).map(p -> p.getFileName().toString()))
                .hasSize(2).allMatch(name -> name.matches("[0-9a-f]{8}\\.r0")).contains(rootHash + ".r0");
        }

        CrlCheck check = load(Optional.empty(), Optional.of(crlPath.toString()));

        // root.crl and other.pem are not hash-named: only openssl rehash's links count, so each is read once
        assertThat(check.size()).isEqualTo(2);
        assertThat(log.lines()).containsExactly("DEBUG Added " + crlPath + " revocation lookup directory");
    }

    @Test
    void a_crlpath_without_hashed_files_turns_checking_on_with_no_crl() throws Exception {
        Path crlPath = Files.createDirectory(dir.resolve("crls"));
        Files.writeString(crlPath.resolve("root.crl"), TestCrls.pem(ROOT_CRL), StandardCharsets.US_ASCII);

        CrlCheck check = load(Optional.empty(), Optional.of(crlPath.toString()));

        assertThat(check.enabled()).isTrue();
        assertThat(check.size()).isZero();
        PeerCertificateVerifier verifier = new PeerCertificateVerifier(PeerVerification.NONE.withVerifyChain(true),
            SubjectChecks.NONE, List.of(ROOT.certificate()), check);
        PeerCertificateVerifierTest.assertPreVerificationError(() -> verifier.verify(presented(LEAF)), 0,
            "unable to get certificate CRL");
    }

    @Test
    void combines_crlfile_and_crlpath() throws Exception {
        Path file = write("root.pem", TestCrls.pem(ROOT_CRL));
        Path crlPath = Files.createDirectory(dir.resolve("crls"));
        Files.writeString(crlPath.resolve("0a1b2c3d.r0"), TestCrls.pem(OTHER_CRL), StandardCharsets.US_ASCII);

        assertThat(load(Optional.of(file.toString()), Optional.of(crlPath.toString())).size()).isEqualTo(2);
        assertThat(log.lines()).containsExactly("DEBUG Loaded " + file + " revocation lookup file",
            "DEBUG Added " + crlPath + " revocation lookup directory");
    }

    @Test
    void a_missing_crlfile_fails_naming_it() {
        String missing = dir.resolve("missing.pem").toString();

        assertThatThrownBy(() -> load(Optional.of(missing), Optional.empty()))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessage("Failed to load " + missing + " revocation lookup file: No such file or directory");
    }

    @Test
    void a_crlfile_without_a_crl_fails_as_openssl_finds_none() throws Exception {
        Path file = write("cert.pem", ROOT.certificatePem());
        // OpenSSL's X509_load_crl_file fails the same way ("no crl found"), so stunnel does not start
        assertThat(new OpenSsl(dir).runAllowingFailure("crl", "-in", file.toString(), "-noout").exitCode())
            .isNotZero();

        assertThatThrownBy(() -> load(Optional.of(file.toString()), Optional.empty()))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessage("Failed to load " + file + " revocation lookup file: no PEM CRL (-----BEGIN X509 CRL-----)"
                + " found");
    }

    @Test
    void a_damaged_crl_fails_naming_the_file() throws Exception {
        byte[] der = ROOT_CRL.getEncoded();
        String truncated = java.util.Base64.getMimeEncoder().encodeToString(java.util.Arrays.copyOf(der,
            der.length / 2));
        Path file = write("damaged.pem", "-----BEGIN X509 CRL-----\n" + truncated + "\n-----END X509 CRL-----\n");
        assertThat(new OpenSsl(dir).runAllowingFailure("crl", "-in", file.toString(), "-noout").exitCode())
            .isNotZero();

        assertThatThrownBy(() -> load(Optional.of(file.toString()), Optional.empty()))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageStartingWith("Failed to load " + file + " revocation lookup file: bad CRL: ");
    }

    @Test
    void a_missing_crlpath_fails_naming_it() {
        String missing = dir.resolve("no-such-dir").toString();

        assertThatThrownBy(() -> load(Optional.empty(), Optional.of(missing)))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessage("Failed to add " + missing + " revocation lookup directory: No such file or directory");
    }

    @Test
    void a_bad_hashed_file_in_crlpath_fails_naming_the_file() throws Exception {
        Path crlPath = Files.createDirectory(dir.resolve("crls"));
        Path bad = crlPath.resolve("0a1b2c3d.r0");
        Files.writeString(bad, "not a CRL\n", StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> load(Optional.empty(), Optional.of(crlPath.toString())))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageContaining(bad.toString())
            .hasMessageContaining("no PEM CRL");
    }

    @Test
    void a_bad_crlfile_fails_the_service_even_without_verification_as_stunnel_init_crl() throws Exception {
        Path server = dir.resolve("server.pem");
        new io.jtunnel.certs.CertificateBuilder().subject("CN=server").keyType(io.jtunnel.certs.KeyType.EC_P256)
            .build().writeCombined(server, true);
        String missing = dir.resolve("missing.crl").toString();
        Path conf = write("stunnel.conf", "[svc]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:1\ncert = " + server
            + "\nCRLfile = " + missing + "\n");
        ServiceConfig service = new ConfigParser(LogSink.discard()).parse(conf).services().get(0);

        assertThatThrownBy(() -> new TlsContextFactory(TlsEngines.select("jdk", LogSink.discard()), log,
            PassphraseSource.none()).create(service, log))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessage("Failed to load " + missing + " revocation lookup file: No such file or directory");
    }
}
