package io.jtunnel.tls;

import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

/** Reads the trusted certificates of {@code CAfile} (a PEM bundle) and {@code CApath} (an OpenSSL hashed directory). */
public final class TrustMaterialLoader {
    /** OpenSSL's c_rehash names: eight hex digits of the subject hash, a dot, a sequence number. */
    private static final Pattern HASHED_NAME = Pattern.compile("[0-9a-f]{8}\\.[0-9]+");

    private final LogSink log;

    public TrustMaterialLoader(LogSink log) {
        this.log = log;
    }

    public List<X509Certificate> load(Optional<String> caFile, Optional<String> caPath) throws KeyMaterialException {
        List<X509Certificate> trusted = new ArrayList<>();
        if (caFile.isPresent()) {
            trusted.addAll(readBundle(Path.of(caFile.get()), "CA file " + caFile.get()));
            if (trusted.isEmpty()) {
                throw new KeyMaterialException("Cannot load CA file " + caFile.get()
                    + ": no PEM certificate (-----BEGIN CERTIFICATE-----) found");
            }
        }
        if (caPath.isPresent()) {
            trusted.addAll(readDirectory(Path.of(caPath.get())));
        }
        for (X509Certificate certificate : trusted) {
            log.log(LogLevel.INFO, "Configured trusted client CA: " + CertificateNames.subject(certificate));
        }
        return trusted;
    }

    private List<X509Certificate> readDirectory(Path dir) throws KeyMaterialException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(files::add);
        } catch (IOException e) {
            throw new KeyMaterialException("Cannot read CApath directory " + dir + ": " + e.getMessage(), e);
        }
        files.sort(null);
        List<X509Certificate> trusted = new ArrayList<>();
        for (Path file : files) {
            if (HASHED_NAME.matcher(file.getFileName().toString()).matches() && Files.isRegularFile(file)) {
                trusted.addAll(readBundle(file, "CApath file " + file));
            }
        }
        return trusted;
    }

    private static List<X509Certificate> readBundle(Path file, String what) throws KeyMaterialException {
        if (!Files.isReadable(file)) {
            throw new KeyMaterialException("Cannot load " + what + ": "
                + (Files.exists(file) ? "Permission denied" : "No such file or directory"));
        }
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try {
            for (Object object : PemBlocks.read(file)) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException e) {
            throw new KeyMaterialException("Cannot load " + what + ": " + e.getMessage(), e);
        }
        return certificates;
    }
}
