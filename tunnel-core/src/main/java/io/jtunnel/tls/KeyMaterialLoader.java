package io.jtunnel.tls;

import io.jtunnel.certs.Signatures;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads {@code cert} and {@code key} as stunnel does (reference §4.7): the first certificate in the cert file is the
 * leaf and the following ones its chain, other PEM blocks are skipped, so key-first and cert-first files both work;
 * the first private key in the key file (PKCS#1, PKCS#8 or EC, optionally encrypted) is used and must match the leaf.
 * A cert file named {@code *.p12} or {@code *.pfx} is PKCS#12, holding certificate, chain and key.
 */
public final class KeyMaterialLoader {
    private static final int PASSPHRASE_ATTEMPTS = 3;

    private final LogSink log;
    private final PassphraseSource passphrases;
    // never registered globally, and made only for encrypted keys: building it costs a fifth of a second
    private BouncyCastleProvider bouncyCastle;

    public KeyMaterialLoader(LogSink log, PassphraseSource passphrases) {
        this.log = log;
        this.passphrases = passphrases;
    }

    public KeyMaterial load(String certFile, String keyFile) throws KeyMaterialException {
        if (isPkcs12(certFile)) {
            return loadPkcs12(certFile); // as stunnel: the key comes from the PKCS#12 file, "key" is not read
        }
        log.log(LogLevel.INFO, "Loading certificate from file: " + certFile);
        List<X509Certificate> chain = certificates(certFile);
        log.log(LogLevel.INFO, "Certificate loaded from file: " + certFile);
        log.log(LogLevel.INFO, "Loading private key from file: " + keyFile);
        warnIfInsecure(keyFile);
        PrivateKey key = privateKey(keyFile);
        log.log(LogLevel.INFO, "Private key loaded from file: " + keyFile);
        if (!Signatures.matches(key, chain.get(0).getPublicKey())) {
            throw new KeyMaterialException("Private key in " + keyFile + " does not match the certificate in "
                + certFile + " (" + CertificateNames.subject(chain.get(0)) + ")");
        }
        log.log(LogLevel.DEBUG, "Private key check succeeded");
        return new KeyMaterial(key, chain);
    }

    private List<X509Certificate> certificates(String file) throws KeyMaterialException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object object : readPem(file, "certificate")) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    chain.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new KeyMaterialException("Cannot load certificate from file " + file + ": " + e.getMessage(),
                        e);
                }
            }
        }
        if (chain.isEmpty()) {
            throw new KeyMaterialException("Cannot load certificate from file " + file
                + ": no PEM certificate (-----BEGIN CERTIFICATE-----) found");
        }
        return chain;
    }

    private PrivateKey privateKey(String file) throws KeyMaterialException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object object : readPem(file, "private key")) {
            try {
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                    return decrypt(file, passphrase -> converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                        pkcs8Decryptor(passphrase))));
                }
                if (object instanceof PEMEncryptedKeyPair encrypted) {
                    return decrypt(file, passphrase -> converter.getKeyPair(encrypted.decryptKeyPair(
                        new JcePEMDecryptorProviderBuilder().setProvider(bouncyCastle()).build(passphrase)))
                        .getPrivate());
                }
            } catch (IOException e) {
                throw new KeyMaterialException("Cannot load private key from file " + file + ": " + e.getMessage(), e);
            }
        }
        throw new KeyMaterialException("Cannot load private key from file " + file
            + ": no PEM private key (-----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY) found");
    }

    private InputDecryptorProvider pkcs8Decryptor(char[] passphrase) throws IOException {
        try {
            return new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(bouncyCastle()).build(passphrase);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new IOException(e);
        }
    }

    private BouncyCastleProvider bouncyCastle() {
        if (bouncyCastle == null) {
            bouncyCastle = new BouncyCastleProvider();
        }
        return bouncyCastle;
    }

    private interface Decryption<T> {
        T apply(char[] passphrase) throws Exception;
    }

    private PrivateKey decrypt(String file, Decryption<PrivateKey> decryption) throws KeyMaterialException {
        return withPassphrase(file, "private key", "Private key in " + file + " is encrypted and no pass phrase can"
            + " be asked (no terminal); store it unencrypted and readable only by the service account, e.g."
            + " openssl pkey -in " + file + " -out " + file + ".plain", decryption);
    }

    /**
     * stunnel's prompt loop: up to three pass phrases asked for {@code file}, "Wrong passphrase: retrying" after each
     * of the first two wrong ones; fails at once when nobody can be asked.
     */
    private <T> T withPassphrase(String file, String what, String nobodyToAsk, Decryption<T> decryption)
        throws KeyMaterialException {
        for (int attempt = 1; attempt <= PASSPHRASE_ATTEMPTS; attempt++) {
            Optional<char[]> passphrase = passphrases.ask("Enter " + file + " pass phrase:");
            if (passphrase.isEmpty()) {
                throw new KeyMaterialException(nobodyToAsk);
            }
            try {
                return decryption.apply(passphrase.get());
            } catch (KeyMaterialException notAboutThePassphrase) {
                throw notAboutThePassphrase;
            } catch (Exception wrong) {
                if (attempt < PASSPHRASE_ATTEMPTS) {
                    log.log(LogLevel.ERR, "Wrong passphrase: retrying");
                }
            } finally {
                Arrays.fill(passphrase.get(), '\0');
            }
        }
        throw new KeyMaterialException("Cannot load " + what + " from file " + file + ": wrong pass phrase");
    }

    /** stunnel's pkcs12_extension: the name ends in {@code .p12} or {@code .pfx}, in any case. */
    static boolean isPkcs12(String file) {
        int dot = file.lastIndexOf('.');
        if (dot < 0) {
            return false;
        }
        String extension = file.substring(dot).toLowerCase(Locale.ROOT);
        return extension.equals(".p12") || extension.equals(".pfx");
    }

    /**
     * stunnel's load_pkcs12_file: certificate and key from one PKCS#12 file, the empty pass phrase tried first, then
     * up to three asked. Unlike stunnel 5.68 the CA certificates in the file are kept and sent as the chain (5.70:
     * "Fixed reading certificate chains from PKCS#12 files").
     */
    private KeyMaterial loadPkcs12(String file) throws KeyMaterialException {
        log.log(LogLevel.INFO, "Loading certificate and private key from file: " + file);
        warnIfInsecure(file);
        String cannot = "Cannot load certificate and private key from file " + file + ": ";
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new KeyMaterialException(cannot + (Files.exists(path) ? "not a regular file"
                : "No such file or directory"));
        }
        byte[] der;
        try {
            der = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new KeyMaterialException(cannot + (Files.isReadable(path) ? e.getMessage() : "Permission denied"),
                e);
        }
        try {
            new PKCS12PfxPdu(der); // structure only, as stunnel's d2i_PKCS12_bio before any pass phrase
        } catch (IOException | RuntimeException e) {
            throw new KeyMaterialException(cannot + "not a DER PKCS#12 file (" + e.getMessage() + ")", e);
        }
        KeyMaterial material;
        try {
            material = pkcs12(der, new char[0], cannot);
        } catch (WrongPassphrase e) {
            material = withPassphrase(file, "certificate and private key", "PKCS#12 file " + file + " is protected"
                + " by a pass phrase and none can be asked (no terminal); convert it to PEM readable only by the"
                + " service account, e.g. openssl pkcs12 -in " + file + " -noenc -out " + file + ".pem, and use that"
                + " as cert", passphrase -> pkcs12(der, passphrase, cannot));
        }
        log.log(LogLevel.INFO, "Certificate and private key loaded from file: " + file);
        if (!Signatures.matches(material.privateKey(), material.leaf().getPublicKey())) {
            throw new KeyMaterialException("Private key in " + file + " does not match its certificate ("
                + CertificateNames.subject(material.leaf()) + ")");
        }
        log.log(LogLevel.DEBUG, "Private key check succeeded");
        return material;
    }

    /** Thrown inside the pass phrase loop: the MAC or the encryption did not accept the pass phrase. */
    private static final class WrongPassphrase extends Exception {
        private static final long serialVersionUID = 1L;

        WrongPassphrase(Throwable cause) {
            super(cause);
        }
    }

    /**
     * The first key entry of a PKCS#12 file with its chain. The JDK's reader is tried first (it handles the empty
     * pass phrase of {@code openssl pkcs12 -export -passout pass:}), then BouncyCastle's (it handles unencrypted key
     * bags, {@code -keypbe NONE}, which the JDK skips).
     */
    private KeyMaterial pkcs12(byte[] der, char[] passphrase, String cannot)
        throws WrongPassphrase, KeyMaterialException {
        Exception failure = null;
        for (KeyStoreSupplier supplier : List.<KeyStoreSupplier>of(() -> KeyStore.getInstance("PKCS12"),
                () -> KeyStore.getInstance("PKCS12", bouncyCastle()))) {
            try {
                KeyStore store = supplier.get();
                store.load(new ByteArrayInputStream(der), passphrase);
                for (String alias : Collections.list(store.aliases())) {
                    if (store.isKeyEntry(alias) && store.getKey(alias, passphrase) instanceof PrivateKey key) {
                        Certificate[] chain = store.getCertificateChain(alias);
                        if (chain == null || chain.length == 0) {
                            throw new KeyMaterialException(cannot + "no certificate for the private key");
                        }
                        List<X509Certificate> certificates = new ArrayList<>();
                        for (Certificate certificate : chain) {
                            certificates.add((X509Certificate) certificate);
                        }
                        return new KeyMaterial(key, certificates);
                    }
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new WrongPassphrase(failure);
        }
        throw new KeyMaterialException(cannot + "no private key found");
    }

    private interface KeyStoreSupplier {
        KeyStore get() throws GeneralSecurityException;
    }

    private List<Object> readPem(String file, String what) throws KeyMaterialException {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new KeyMaterialException("Cannot load " + what + " from file " + file + ": "
                + (Files.exists(path) ? "not a regular file" : "No such file or directory"));
        }
        if (!Files.isReadable(path)) {
            throw new KeyMaterialException("Cannot load " + what + " from file " + file + ": Permission denied");
        }
        try {
            return PemBlocks.read(path);
        } catch (IOException e) {
            throw new KeyMaterialException("Cannot load " + what + " from file " + file + ": " + e.getMessage(), e);
        }
    }

    /** stunnel warns when a key file has any permission bit for "other" users. */
    private void warnIfInsecure(String file) {
        PosixFileAttributeView view = Files.getFileAttributeView(Path.of(file), PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = view.readAttributes().permissions();
            if (permissions.contains(PosixFilePermission.OTHERS_READ)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                log.log(LogLevel.WARNING, "Insecure file permissions on " + file);
            }
        } catch (IOException ignored) {
            // unreadable attributes: the read below reports the real problem
        }
    }
}
