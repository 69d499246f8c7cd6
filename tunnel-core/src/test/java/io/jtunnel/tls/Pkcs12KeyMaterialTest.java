package io.jtunnel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import io.jtunnel.certs.KeyType;
import io.jtunnel.certs.OpenSsl;
import io.jtunnel.log.RecordingLogSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code cert = *.p12 / *.pfx} (reference §4.7, stunnel's load_pkcs12_file): files made by {@code openssl pkcs12
 * -export}, the empty pass phrase tried first, then up to three asked.
 */
class Pkcs12KeyMaterialTest {
    private static final CertificateBundle CA = new CertificateBuilder().subject("CN=P12 CA").keyType(KeyType.EC_P256)
        .ca(true).build();
    private static final CertificateBundle SERVER = new CertificateBuilder().subject("CN=p12 server")
        .keyType(KeyType.RSA_2048).serverAuth().issuer(CA).build();

    @TempDir
    Path dir;

    private OpenSsl openssl;
    private final RecordingLogSink log = new RecordingLogSink();
    private final List<String> prompts = new ArrayList<>();

    @BeforeEach
    void writePem() throws Exception {
        openssl = new OpenSsl(dir);
        SERVER.writeCertificate(dir.resolve("server.crt"));
        SERVER.writePrivateKey(dir.resolve("server.key"));
        CA.writeCertificate(dir.resolve("ca.crt"));
    }

    /** openssl pkcs12 -export of the server's key, certificate and CA into {@code name}. */
    private String export(String name, String password, String... more) {
        List<String> args = new ArrayList<>(List.of("pkcs12", "-export", "-in", "server.crt", "-inkey", "server.key",
            "-certfile", "ca.crt", "-out", name, "-passout", "pass:" + password));
        args.addAll(List.of(more));
        openssl.run(args.toArray(new String[0]));
        return dir.resolve(name).toString();
    }

    private PassphraseSource answers(String... passwords) {
        return prompt -> {
            prompts.add(prompt);
            return prompts.size() <= passwords.length
                ? Optional.of(passwords[prompts.size() - 1].toCharArray()) : Optional.empty();
        };
    }

    private KeyMaterial load(String file, PassphraseSource source) throws KeyMaterialException {
        return new KeyMaterialLoader(log, source).load(file, file);
    }

    @Test
    void reads_key_certificate_and_chain_with_an_empty_pass_phrase_without_asking() throws Exception {
        String file = export("server.p12", "");

        KeyMaterial material = load(file, answers());

        assertThat(prompts).isEmpty();
        assertThat(material.chain()).containsExactly(SERVER.certificate(), CA.certificate());
        assertThat(io.jtunnel.certs.Signatures.matches(material.privateKey(), SERVER.certificate().getPublicKey())).isTrue();
        assertThat(log.lines()).containsExactly("INFO Loading certificate and private key from file: " + file,
            "INFO Certificate and private key loaded from file: " + file, "DEBUG Private key check succeeded");
    }

    @Test
    void asks_for_the_pass_phrase_with_stunnels_prompt() throws Exception {
        String file = export("server.p12", "secret");

        KeyMaterial material = load(file, answers("secret"));

        assertThat(prompts).containsExactly("Enter " + file + " pass phrase:");
        assertThat(material.leaf()).isEqualTo(SERVER.certificate());
        assertThat(log.lines()).noneMatch(line -> line.contains("Wrong passphrase"));
    }

    @Test
    void retries_after_a_wrong_pass_phrase() throws Exception {
        String file = export("server.p12", "secret");

        load(file, answers("nope", "secret"));

        assertThat(prompts).hasSize(2);
        assertThat(log.lines()).filteredOn(line -> line.contains("Wrong passphrase"))
            .containsExactly("ERR Wrong passphrase: retrying");
    }

    @Test
    void gives_up_after_three_wrong_pass_phrases_naming_the_file() throws Exception {
        String file = export("server.p12", "secret");
        assertThat(openssl.runAllowingFailure("pkcs12", "-in", file, "-noout", "-passin", "pass:wrong").output())
            .containsIgnoringCase("mac verify");

        assertThatThrownBy(() -> load(file, answers("a", "b", "c", "d")))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessage("Cannot load certificate and private key from file " + file + ": wrong pass phrase");
        assertThat(prompts).hasSize(3);
        assertThat(log.lines()).filteredOn(line -> line.contains("Wrong passphrase"))
            .containsExactly("ERR Wrong passphrase: retrying", "ERR Wrong passphrase: retrying");
    }

    @Test
    void fails_clearly_when_a_pass_phrase_is_needed_and_nobody_can_be_asked() throws Exception {
        String file = export("server.p12", "secret");

        assertThatThrownBy(() -> load(file, PassphraseSource.none()))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageStartingWith("PKCS#12 file " + file + " is protected by a pass phrase and none can be asked");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server.pfx", "SERVER.P12", "Server.Pfx"})
    void any_case_of_p12_and_pfx_is_pkcs12(String name) throws Exception {
        String file = export(name, "");

        assertThat(load(file, answers()).leaf()).isEqualTo(SERVER.certificate());
    }

    @Test
    void only_the_last_extension_counts() {
        assertThat(KeyMaterialLoader.isPkcs12("/etc/stunnel/server.p12")).isTrue();
        assertThat(KeyMaterialLoader.isPkcs12("server.p12.pem")).isFalse();
        assertThat(KeyMaterialLoader.isPkcs12("/etc/keys.pfx/server")).isFalse();
        assertThat(KeyMaterialLoader.isPkcs12("p12")).isFalse();
    }

    @Test
    void reads_a_legacy_rc2_and_3des_file() throws Exception {
        String file = export("legacy.p12", "secret", "-legacy");

        assertThat(load(file, answers("secret")).chain()).containsExactly(SERVER.certificate(), CA.certificate());
    }

    @Test
    void reads_an_unencrypted_file_without_mac() throws Exception {
        String file = export("plain.p12", "", "-keypbe", "NONE", "-certpbe", "NONE", "-nomac");

        assertThat(load(file, answers()).leaf()).isEqualTo(SERVER.certificate());
        assertThat(prompts).isEmpty();
    }

    @Test
    void the_key_option_is_not_read_for_a_pkcs12_cert() throws Exception {
        String file = export("server.p12", "");

        KeyMaterial material = new KeyMaterialLoader(log, answers()).load(file, dir.resolve("absent.key").toString());

        assertThat(material.leaf()).isEqualTo(SERVER.certificate());
    }

    @Test
    void a_pem_file_named_p12_fails_before_any_pass_phrase_is_asked() throws Exception {
        Path file = dir.resolve("server.p12");
        Files.writeString(file, SERVER.combinedPem(true), StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> load(file.toString(), answers("secret")))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageStartingWith("Cannot load certificate and private key from file " + file
                + ": not a DER PKCS#12 file");
        assertThat(prompts).isEmpty();
    }

    @Test
    void a_missing_pkcs12_file_fails_naming_it() {
        String file = dir.resolve("missing.p12").toString();

        assertThatThrownBy(() -> load(file, answers()))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessage("Cannot load certificate and private key from file " + file + ": No such file or directory");
    }
}
