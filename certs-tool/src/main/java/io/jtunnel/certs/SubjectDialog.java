package io.jtunnel.certs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;

/**
 * The {@code openssl req} dialogue as OpenSSL 3 runs it with Debian's default {@code openssl.cnf}: the
 * same introduction, questions, defaults in brackets, Enter for the default and "." for an empty field;
 * unlike openssl it insists on a Common Name.
 */
public final class SubjectDialog {

    /** What {@code openssl req -key key.pem} prints; with {@code -newkey} a "-----" line precedes it. */
    static final String INTRODUCTION = String.join("\n",
            "You are about to be asked to enter information that will be incorporated",
            "into your certificate request.",
            "What you are about to enter is what is called a Distinguished Name or a DN.",
            "There are quite a few fields but you can leave some blank",
            "For some fields there will be a default value,",
            "If you enter '.', the field will be left blank.",
            "-----",
            "");

    /** One question of {@code [req_distinguished_name]}: the prompt, its default, and its _min/_max in bytes. */
    private record Question(DnAttribute attribute, String prompt, String defaultValue, int min, int max) {
    }

    private static final List<Question> QUESTIONS = List.of(
            new Question(DnAttribute.C, "Country Name (2 letter code)", "AU", 2, 2),
            new Question(DnAttribute.ST, "State or Province Name (full name)", "Some-State", -1, -1),
            new Question(DnAttribute.L, "Locality Name (eg, city)", "", -1, -1),
            new Question(DnAttribute.O, "Organization Name (eg, company)", "Internet Widgits Pty Ltd", -1, -1),
            new Question(DnAttribute.OU, "Organizational Unit Name (eg, section)", "", -1, -1),
            new Question(DnAttribute.CN, "Common Name (e.g. server FQDN or YOUR name)", "", -1, 64),
            new Question(DnAttribute.EMAIL, "Email Address", "", -1, 64));

    private final BufferedReader in;
    private final PrintWriter out;

    public SubjectDialog(BufferedReader in, PrintWriter out) {
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Asks the questions in openssl's order and returns the subject the answers make. */
    public X500Principal ask() throws IOException, CertificateInputException {
        out.print(INTRODUCTION);
        List<List<AttributeTypeAndValue>> rdns = new ArrayList<>();
        for (Question question : QUESTIONS) {
            AttributeTypeAndValue answer = ask(question);
            if (answer != null) {
                rdns.add(List.of(answer));
            }
        }
        return SubjectNames.principal(rdns);
    }

    /** Returns the answer, or null for a field left empty. */
    private AttributeTypeAndValue ask(Question question) throws IOException, CertificateInputException {
        while (true) {
            out.print(question.prompt() + " [" + question.defaultValue() + "]:");
            out.flush();
            String line = in.readLine();
            if (line == null) {
                throw new CertificateInputException("input ended before the subject was complete");
            }
            String value = line.isEmpty() ? question.defaultValue() : line.equals(".") ? "" : line;
            if (value.isEmpty()) {
                if (question.attribute() == DnAttribute.CN) {
                    out.println(SubjectNames.CN_REQUIRED + "; enter the tunnel's host name, e.g. tunnel.example.com");
                    continue;
                }
                return null;
            }
            String lengthProblem = lengthProblem(question, value);
            if (lengthProblem != null) {
                out.println(lengthProblem);
                continue;
            }
            DnAttribute.Encoded encoded = question.attribute().encode(value);
            if (!encoded.ok()) {
                // openssl gives up on the whole request here; asking again is kinder.
                out.println(question.prompt() + ": " + encoded.problem());
                continue;
            }
            return encoded.value();
        }
    }

    /** openssl's {@code req_check_len}, which counts bytes. */
    private static String lengthProblem(Question question, String value) {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (question.min() > 0 && bytes < question.min()) {
            return "String too short, must be at least " + question.min() + " bytes long";
        }
        if (question.max() >= 0 && bytes > question.max()) {
            return "String too long, must be at most " + question.max() + " bytes long";
        }
        return null;
    }
}
