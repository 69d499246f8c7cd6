package io.jtunnel.app;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import io.jtunnel.certs.CertificateInputException;
import io.jtunnel.certs.CertificateReport;
import io.jtunnel.certs.CertificateRequests;
import io.jtunnel.certs.KeyType;
import io.jtunnel.certs.OpenSslSubject;
import io.jtunnel.certs.OutputFiles;
import io.jtunnel.certs.PemBundles;
import io.jtunnel.certs.PemEncoder;
import io.jtunnel.certs.SubjectAltNames;
import io.jtunnel.certs.SubjectDialog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.security.auth.x500.X500Principal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jtunnel gencert}: the operator's {@code openssl genrsa}, {@code openssl req -x509 -days 1095} and
 * {@code cat key.pem cert.pem > stunnel-key.pem} in one step, with the same files as the result; also a CSR for a
 * certificate management server, and a small private CA to issue server and client certificates for testing.
 */
@Command(name = "gencert", sortOptions = false, mixinStandardHelpOptions = true,
    description = {"Make a private key and a self-signed certificate for the tunnel, as the operator's openssl steps"
        + " do: key.pem, cert.pem (upload it to the cloud console) and stunnel-key.pem (key then certificate, for"
        + " \"cert =\"). Asks openssl req's questions unless --subj is given."})
final class GencertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--subj", paramLabel = "SUBJECT", description = "the subject in openssl's syntax, e.g."
        + " \"/C=US/O=Example/CN=icap-tunnel.example.com\"; nothing is asked then")
    String subject;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "where to write (default: the"
        + " current directory)")
    Path outDir;

    @Option(names = "--days", paramLabel = "N", defaultValue = "1095", description = "validity (default: 1095)")
    int days;

    @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "rsa", description = "rsa (default) or ec"
        + " (P-256)")
    String keyType;

    @Option(names = "--bits", paramLabel = "BITS", defaultValue = "2048", description = "RSA key size: 2048"
        + " (default), 3072 or 4096")
    int bits;

    @Option(names = "--san", paramLabel = "NAMES", description = "subjectAltName entries, e.g."
        + " \"DNS:icap-tunnel.example.com,IP:203.0.113.7\"")
    String sans;

    @Option(names = "--name", paramLabel = "FILE", defaultValue = "stunnel-key.pem", description = "name of the"
        + " combined key and certificate file (default: stunnel-key.pem)")
    String combinedName;

    @Option(names = "--cert-first", description = "write the combined file certificate first, as the Windows"
        + " guide's \"type cert.pem key.pem\" does (stunnel reads both orders)")
    boolean certFirst;

    @Option(names = "--force", description = "overwrite existing files")
    boolean force;

    @Option(names = "--csr", description = "write a certificate signing request (csr.pem) and key.pem instead of a"
        + " self-signed certificate, for a certificate management server")
    boolean csr;

    @Option(names = "--ca", description = "make a private CA instead: ca-key.pem and ca.pem")
    boolean ca;

    @Option(names = "--issuer", paramLabel = "CA.pem", description = "issue the certificate from this CA (its key"
        + " in the same file, in --issuer-key, or in ca-key.pem beside it)")
    Path issuer;

    @Option(names = "--issuer-key", paramLabel = "FILE", description = "the issuing CA's private key")
    Path issuerKey;

    @Option(names = "--client", description = "with --issuer: a client certificate (clientAuth) instead of a"
        + " server one (serverAuth)")
    boolean client;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            checkOptions();
            X500Principal name = subject();
            Map<Path, Written> files = build(name);
            if (!force) {
                OutputFiles.requireAbsent(files.keySet().toArray(new Path[0])); // all checked before any is written
            }
            Files.createDirectories(outDir);
            for (Map.Entry<Path, Written> file : files.entrySet()) {
                OutputFiles.writeNew(file.getKey(), file.getValue().content().getBytes(StandardCharsets.US_ASCII),
                    file.getValue().secret(), force);
            }
            report(out, files);
            return 0;
        } catch (FileAlreadyExistsException e) {
            err.println("jtunnel gencert: " + e.getFile() + " already exists; nothing was written (--force"
                + " overwrites)");
        } catch (CertificateInputException | IllegalArgumentException e) {
            err.println("jtunnel gencert: " + e.getMessage());
        } catch (IOException e) {
            err.println("jtunnel gencert: " + e);
        }
        err.flush();
        return 1;
    }

    private record Written(String content, boolean secret) {
    }

    private void checkOptions() throws CertificateInputException {
        if (days < 1) {
            throw new CertificateInputException("--days must be at least 1 (got " + days + ")");
        }
        int modes = (csr ? 1 : 0) + (ca ? 1 : 0) + (issuer != null ? 1 : 0);
        if (modes > 1) {
            throw new CertificateInputException("--csr, --ca and --issuer exclude each other");
        }
        if (client && issuer == null) {
            throw new CertificateInputException("--client goes with --issuer (a client certificate is issued by a CA)");
        }
        if (issuerKey != null && issuer == null) {
            throw new CertificateInputException("--issuer-key goes with --issuer");
        }
    }

    private KeyType keyType() throws CertificateInputException {
        return switch (keyType.toLowerCase(Locale.ROOT)) {
            case "rsa" -> {
                try {
                    yield KeyType.rsa(bits);
                } catch (IllegalArgumentException e) {
                    throw new CertificateInputException("--bits must be 2048, 3072 or 4096 (got " + bits + ")");
                }
            }
            case "ec" -> KeyType.EC_P256;
            default -> throw new CertificateInputException("--key-type must be rsa or ec (got " + keyType + ")");
        };
    }

    private X500Principal subject() throws IOException, CertificateInputException {
        if (subject != null) {
            OpenSslSubject.Parsed parsed = OpenSslSubject.parse(subject);
            parsed.warnings().forEach(w -> spec.commandLine().getErr().println(w));
            return parsed.subject();
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        X500Principal asked = new SubjectDialog(in, spec.commandLine().getOut()).ask();
        spec.commandLine().getOut().println(); // answers piped in are not echoed: end the last prompt's line
        return asked;
    }

    /** The files to write, in order, with whether each holds a private key. */
    private Map<Path, Written> build(X500Principal name) throws IOException, CertificateInputException {
        Map<Path, Written> files = new LinkedHashMap<>();
        KeyType type = keyType();
        if (csr) {
            KeyPair pair = type.generate(new java.security.SecureRandom());
            files.put(outDir.resolve("key.pem"), new Written(PemEncoder.privateKey(pair.getPrivate()), true));
            files.put(outDir.resolve("csr.pem"), new Written(CertificateRequests.csrPem(pair, name, sans), false));
            return files;
        }
        CertificateBuilder builder = new CertificateBuilder().subject(name).keyType(type).validForDays(days);
        if (sans != null) {
            SubjectAltNames.apply(sans, builder);
        }
        if (ca) {
            CertificateBundle authority = builder.ca(true).build();
            files.put(outDir.resolve("ca-key.pem"), new Written(authority.privateKeyPem(), true));
            files.put(outDir.resolve("ca.pem"), new Written(authority.certificatePem(), false));
            return files;
        }
        if (issuer != null) {
            CertificateBundle authority = PemBundles.readIssuer(issuer, issuerKeyFile());
            builder.issuer(authority);
            if (client) {
                builder.clientAuth();
            } else {
                builder.serverAuth();
            }
        }
        CertificateBundle bundle = builder.build();
        files.put(outDir.resolve("key.pem"), new Written(bundle.privateKeyPem(), true));
        files.put(outDir.resolve("cert.pem"), new Written(bundle.certificatePem(), false));
        files.put(outDir.resolve(combinedName), new Written(bundle.combinedPem(!certFirst), true));
        return files;
    }

    /** The CA key: --issuer-key, else the CA file itself when it holds one, else ca-key.pem beside it. */
    private Path issuerKeyFile() throws IOException {
        if (issuerKey != null) {
            return issuerKey;
        }
        if (Files.readString(issuer, StandardCharsets.US_ASCII).contains("PRIVATE KEY-----")) {
            return null;
        }
        Path parent = issuer.toAbsolutePath().getParent();
        return parent.resolve("ca-key.pem");
    }

    private void report(PrintWriter out, Map<Path, Written> files) throws IOException, CertificateInputException {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Path, Written> file : files.entrySet()) {
            lines.add("wrote " + file.getKey() + (file.getValue().secret() ? "  (private key: owner only)" : ""));
        }
        lines.forEach(out::println);
        // the combined file shows that key and certificate belong together; a CA shows its certificate
        Path certificate = files.keySet().stream().filter(p -> p.getFileName().toString().equals(combinedName)
            || p.getFileName().toString().equals("ca.pem")).findFirst().orElse(null);
        if (certificate != null) {
            out.println();
            out.print(CertificateReport.describe(certificate));
        }
        if (!csr && !ca) {
            out.println();
            out.println("Next: upload " + written("cert.pem") + " to the cloud console, and in stunnel.conf set");
            out.println("  cert = " + written(combinedName));
        } else if (csr) {
            out.println("Next: have csr.pem signed, then: cat key.pem signed-cert.pem > " + combinedName);
        }
        out.flush();
    }

    private String written(String name) {
        return outDir.resolve(name).toAbsolutePath().normalize().toString();
    }
}
