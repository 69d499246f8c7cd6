package io.jtunnel.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectDialogTest {

    private static final String CN_LINE = "jtunnel requires a Common Name (CN): the cloud console and the clients"
            + " identify the tunnel by it; enter the tunnel's host name, e.g. tunnel.example.com\n";

    private static final String LONG_EMAIL = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee@x";

    @TempDir
    static Path dir;

    static OpenSsl openssl;

    @BeforeAll
    static void makeKey() {
        openssl = new OpenSsl(dir);
        openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem");
    }

    /** Answers for which openssl and jtunnel behave alike (a Common Name is given). */
    @ParameterizedTest
    @ValueSource(strings = {
            "\n\n\n\n\ntunnel.example.com\n\n",
            "DE\nBavaria\nMunich\nAcme GmbH\nOps\ntunnel.example.com\nops@example.com\n",
            "USA\nU\nDE\n.\n.\n.\n.\nhost\n.\n",
            ".\n.\n.\n.\n.\nhost\n" + LONG_EMAIL + "\nops@example.com\n",
            "de\n \nM\u00fcnchen\nAcme\n\nh\u00f6st\n\n",
    })
    void prompts_and_subject_are_those_of_openssl_req(String answers) throws Exception {
        Dialog jtunnel = run(answers);

        OpenSsl.Result result = openssl.runWithInput(answers,
                "req", "-new", "-x509", "-utf8", "-key", "key.pem", "-out", "cert.pem");

        assertThat(result.exitCode()).isZero();
        assertThat(jtunnel.transcript()).isEqualTo(result.output());
        assertThat(jtunnel.subject()).isEqualTo(certificateSubject());
    }

    @Test
    void introduction_and_questions_are_openssl_3_with_debian_defaults() throws Exception {
        assertThat(run("\n\n\n\n\nhost\n\n").transcript()).isEqualTo(String.join("\n",
                "You are about to be asked to enter information that will be incorporated",
                "into your certificate request.",
                "What you are about to enter is what is called a Distinguished Name or a DN.",
                "There are quite a few fields but you can leave some blank",
                "For some fields there will be a default value,",
                "If you enter '.', the field will be left blank.",
                "-----",
                "Country Name (2 letter code) [AU]:"
                        + "State or Province Name (full name) [Some-State]:"
                        + "Locality Name (eg, city) []:"
                        + "Organization Name (eg, company) [Internet Widgits Pty Ltd]:"
                        + "Organizational Unit Name (eg, section) []:"
                        + "Common Name (e.g. server FQDN or YOUR name) []:"
                        + "Email Address []:"));
    }

    @Test
    void enter_takes_the_defaults() throws Exception {
        assertThat(run("\n\n\n\n\nhost\n\n").subject().getName())
                .isEqualTo("CN=host,O=Internet Widgits Pty Ltd,ST=Some-State,C=AU");
    }

    @Test
    void dot_leaves_a_field_empty() throws Exception {
        assertThat(run(".\n.\n.\n.\n.\nhost\n.\n").subject().getName()).isEqualTo("CN=host");
    }

    @Test
    void country_is_asked_again_until_it_has_two_letters() throws Exception {
        Dialog dialog = run("USA\nU\nDE\n\n\n\n\nhost\n\n");

        assertThat(dialog.transcript()).contains(
                "Country Name (2 letter code) [AU]:String too long, must be at most 2 bytes long\n"
                        + "Country Name (2 letter code) [AU]:String too short, must be at least 2 bytes long\n"
                        + "Country Name (2 letter code) [AU]:State or Province Name");
        assertThat(dialog.subject().getName()).startsWith("CN=host").endsWith("C=DE");
    }

    @Test
    void common_name_is_asked_again_while_empty_and_says_why() throws Exception {
        Dialog dialog = run("\n\n\n\n\n\n.\ntunnel.example.com\n\n");

        String prompt = "Common Name (e.g. server FQDN or YOUR name) []:";
        assertThat(dialog.transcript()).contains(prompt + CN_LINE + prompt + CN_LINE + prompt + "Email Address []:");
        assertThat(dialog.subject().getName()).startsWith("CN=tunnel.example.com,");
    }

    @Test
    void email_address_that_is_not_ascii_is_asked_again() throws Exception {
        Dialog dialog = run("\n\n\n\n\nhost\n\u00e4@example.com\nops@example.com\n");

        assertThat(dialog.transcript()).contains("Email Address []:Email Address: illegal characters"
                + " (emailAddress allows only ASCII characters)\nEmail Address []:");
        assertThat(OpenSslNames.oneLine(dialog.subject())).endsWith("CN=host, emailAddress=ops@example.com");
    }

    @Test
    void input_ending_early_is_an_error() {
        assertThatThrownBy(() -> run("DE\nBavaria\n"))
                .isInstanceOf(CertificateInputException.class)
                .hasMessage("input ended before the subject was complete");
        assertThat(openssl.runWithInput("DE\nBavaria\n", "req", "-new", "-key", "key.pem").exitCode()).isNotZero();
    }

    @Test
    void last_answer_without_a_newline_is_taken() throws Exception {
        assertThat(OpenSslNames.oneLine(run(".\n.\n.\n.\n.\nhost\nops@example.com").subject()))
                .isEqualTo("CN=host, emailAddress=ops@example.com");
    }

    record Dialog(String transcript, X500Principal subject) {
    }

    static Dialog run(String answers) throws Exception {
        StringWriter transcript = new StringWriter();
        X500Principal subject = new SubjectDialog(
                new BufferedReader(new StringReader(answers)), new PrintWriter(transcript)).ask();
        return new Dialog(transcript.toString(), subject);
    }

    static X500Principal certificateSubject() throws Exception {
        try (InputStream in = Files.newInputStream(dir.resolve("cert.pem"))) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
                    .getSubjectX500Principal();
        }
    }
}
