package io.jtunnel.config;

import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code PSKsecrets} file as stunnel's psk_read reads it: lines {@code IDENTITY:KEY}, the key taken as hex when it
 * is valid hex (OPENSSL_hexstr2buf, {@code :} between byte pairs allowed), else as its ASCII bytes. The keys never
 * appear in logs or in {@link #toString()}.
 */
public record PskSecrets(String file, List<Key> keys) {
    /**
     * BoringSSL's {@code PSK_MAX_IDENTITY_LEN}, checked with the trailing NUL as stunnel does (so 127 characters at
     * most); stunnel on OpenSSL 3 allows 255. The identity has to fit what Conscrypt hands to BoringSSL.
     */
    static final int MAX_IDENTITY_LENGTH = 128;
    /** BoringSSL's {@code PSK_MAX_PSK_LEN} (OpenSSL 3: 512). */
    static final int MAX_KEY_LENGTH = 256;
    /** Shorter keys are unlikely to have enough entropy (stunnel's rule). */
    static final int MIN_KEY_LENGTH = 16;

    /** One identity and its key. */
    public record Key(String identity, byte[] secret) {
        public Key {
            secret = secret.clone();
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        @Override
        public String toString() {
            return "PSK identity \"" + identity + "\" (" + secret.length + "-byte key)";
        }
    }

    public PskSecrets {
        keys = List.copyOf(keys);
    }

    /** The key of {@code identity}; the first one when the file repeats it. */
    public Optional<Key> find(String identity) {
        return keys.stream().filter(key -> key.identity().equals(identity)).findFirst();
    }

    @Override
    public String toString() {
        return file;
    }

    /**
     * Reads the file with stunnel's messages: the per-line problem is logged at ERR and the option fails with
     * {@code Failed to read PSK secrets}; each key read is logged at INFO by its identity and size only.
     */
    static PskSecrets read(String file, LogSink log) throws OptionValueException {
        Path path = Path.of(file);
        byte[] content;
        try {
            warnIfInsecure(path, file, log);
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            log.log(LogLevel.ERR, file + ": No such file or directory (2)");
            throw failed();
        } catch (AccessDeniedException e) {
            log.log(LogLevel.ERR, "Cannot open PSKsecrets file");
            throw failed();
        } catch (IOException e) {
            // a directory: stunnel's getc() reads nothing from it, so no identity
            throw failed();
        }
        List<Key> keys = new ArrayList<>();
        int lineNumber = 0;
        for (byte[] line : lines(content)) {
            ++lineNumber;
            if (line.length == 0) {
                continue;
            }
            int colon = indexOf(line, (byte) ':');
            if (colon < 0) {
                log.log(LogLevel.ERR, "PSKsecrets line " + lineNumber + ": Not in identity:key format");
                throw failed();
            }
            if (colon + 1 > MAX_IDENTITY_LENGTH) { // with the trailing NUL, as stunnel counts
                log.log(LogLevel.ERR, "PSKsecrets line " + lineNumber + ": Identity longer than " + MAX_IDENTITY_LENGTH
                    + " characters");
                throw failed();
            }
            String identity = new String(line, 0, colon, StandardCharsets.UTF_8);
            byte[] keyText = java.util.Arrays.copyOfRange(line, colon + 1, line.length);
            byte[] secret = hexOrNull(keyText);
            if (secret != null) {
                log.log(LogLevel.INFO, "PSKsecrets line " + lineNumber + ": " + secret.length
                    + "-byte hexadecimal key configured for identity \"" + identity + "\"");
            } else {
                secret = keyText;
                log.log(LogLevel.INFO, "PSKsecrets line " + lineNumber + ": " + secret.length
                    + "-byte ASCII key configured for identity \"" + identity + "\"");
            }
            if (secret.length > MAX_KEY_LENGTH) {
                log.log(LogLevel.ERR, "PSKsecrets line " + lineNumber + ": Key longer than " + MAX_KEY_LENGTH
                    + " bytes");
                throw failed();
            }
            if (secret.length < MIN_KEY_LENGTH) {
                log.log(LogLevel.ERR, "PSKsecrets line " + lineNumber + ": Key shorter than 16 bytes");
                throw failed();
            }
            keys.add(new Key(identity, secret));
            java.util.Arrays.fill(secret, (byte) 0);
        }
        if (keys.isEmpty()) {
            throw failed();
        }
        return new PskSecrets(file, keys);
    }

    private static OptionValueException failed() {
        return new OptionValueException("Failed to read PSK secrets");
    }

    /** stunnel's file_getline: lines end at LF, and every CR is dropped wherever it is. */
    private static List<byte[]> lines(byte[] content) {
        List<byte[]> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b == '\n') {
                lines.add(line.toByteArray());
                line.reset();
            } else if (b != '\r') {
                line.write(b);
            }
        }
        if (line.size() > 0 || (content.length > 0 && content[content.length - 1] != '\n')) {
            lines.add(line.toByteArray()); // a last line without LF
        }
        return lines;
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /**
     * OPENSSL_hexstr2buf: at least two characters, hex digit pairs, a {@code :} allowed where a pair would start;
     * null when the text is not valid hex.
     */
    static byte[] hexOrNull(byte[] text) {
        if (text.length <= 1) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length) {
            byte high = text[i++];
            if (high == ':') {
                continue;
            }
            if (i >= text.length) {
                return null; // odd number of digits
            }
            int hi = hexDigit(high);
            int lo = hexDigit(text[i++]);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out.write(hi << 4 | lo);
        }
        return out.toByteArray();
    }

    private static int hexDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** stunnel's file_permissions: a warning (no failure) when "other" users have any access to the file. */
    private static void warnIfInsecure(Path path, String file, LogSink log) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (permissions.contains(PosixFilePermission.OTHERS_READ)
            || permissions.contains(PosixFilePermission.OTHERS_WRITE)
            || permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
            log.log(LogLevel.WARNING, "Insecure file permissions on " + file);
        }
    }
}
