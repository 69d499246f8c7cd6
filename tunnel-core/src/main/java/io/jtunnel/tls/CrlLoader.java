package io.jtunnel.tls;

import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Reads {@code CRLfile} (PEM {@code X509 CRL} blocks, any number) and {@code CRLpath} (an OpenSSL hashed directory,
 * files named {@code XXXXXXXX.rN}) as stunnel's {@code init_crl} does, whether or not verification is on. Setting
 * either turns on the leaf CRL check. Unlike OpenSSL's lazy directory lookup, the directory is read once here (a new
 * CRL there needs a reload), and a missing directory or a bad file in it fails the start instead of failing every
 * verified handshake later.
 */
public final class CrlLoader {
    /** OpenSSL's rehash names for CRLs: eight hex digits of the issuer hash, {@code .r}, a sequence number. */
    private static final Pattern HASHED_NAME = Pattern.compile("[0-9a-f]{8}\\.r[0-9]+");
    private static final String PEM_TYPE = "X509 CRL";

    private final LogSink log;

    public CrlLoader(LogSink log) {
        this.log = log;
    }

    public CrlCheck load(Optional<String> crlFile, Optional<String> crlPath) throws KeyMaterialException {
        if (crlFile.isEmpty() && crlPath.isEmpty()) {
            return CrlCheck.OFF;
        }
        List<X509CRL> crls = new ArrayList<>();
        if (crlFile.isPresent()) {
            crls.addAll(readFile(Path.of(crlFile.get()), crlFile.get()));
            log.log(LogLevel.DEBUG, "Loaded " + crlFile.get() + " revocation lookup file");
        }
        if (crlPath.isPresent()) {
            crls.addAll(readDirectory(crlPath.get()));
            log.log(LogLevel.DEBUG, "Added " + crlPath.get() + " revocation lookup directory");
        }
        return CrlCheck.of(crls);
    }

    private List<X509CRL> readDirectory(String name) throws KeyMaterialException {
        Path dir = Path.of(name);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(files::add);
        } catch (IOException e) {
            throw new KeyMaterialException("Failed to add " + name + " revocation lookup directory: "
                + (Files.exists(dir) ? (Files.isDirectory(dir) ? "Permission denied" : "Not a directory")
                    : "No such file or directory"), e);
        }
        files.sort(null);
        List<X509CRL> crls = new ArrayList<>();
        for (Path file : files) {
            if (HASHED_NAME.matcher(file.getFileName().toString()).matches()) {
                crls.addAll(readFile(file, file + " (CRLpath " + name + ")"));
            }
        }
        return crls;
    }

    /** Every CRL of a PEM file; other PEM blocks are skipped, as OpenSSL's X509_load_crl_file skips them. */
    private static List<X509CRL> readFile(Path file, String what) throws KeyMaterialException {
        String failed = "Failed to load " + what + " revocation lookup file: ";
        if (!Files.isRegularFile(file)) {
            throw new KeyMaterialException(failed + (Files.exists(file) ? "not a regular file"
                : "No such file or directory"));
        }
        if (!Files.isReadable(file)) {
            throw new KeyMaterialException(failed + "Permission denied");
        }
        List<X509CRL> crls = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PemReader pem = new PemReader(reader)) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            PemObject object;
            while ((object = pem.readPemObject()) != null) {
                if (PEM_TYPE.equals(object.getType())) {
                    crls.add((X509CRL) factory.generateCRL(new ByteArrayInputStream(object.getContent())));
                }
            }
        } catch (IOException | CRLException | CertificateException | RuntimeException e) {
            // RuntimeException: BouncyCastle's base64 decoder reports a damaged block with an unchecked exception
            throw new KeyMaterialException(failed + "bad CRL: " + e.getMessage(), e);
        }
        if (crls.isEmpty()) {
            throw new KeyMaterialException(failed + "no PEM CRL (-----BEGIN X509 CRL-----) found");
        }
        return crls;
    }
}
