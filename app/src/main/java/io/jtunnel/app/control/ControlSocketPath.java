package io.jtunnel.app.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the control socket of the jtunnel that runs a given configuration lives: {@code <dir>/<hash>.sock}, the hash
 * being the first 16 hex digits of the SHA-256 of the configuration's full path, as stunnel names its Windows pipe
 * after the SHA-256 of the configuration path. The server and every client compute it the same way.
 */
public final class ControlSocketPath {
    /**
     * The longest socket path used, in bytes: sun_path holds 108 bytes on Linux and Windows and 104 on macOS,
     * the terminating NUL included; this leaves a margin on all three.
     */
    public static final int MAX_BYTES = 100;

    private ControlSocketPath() {
    }

    /**
     * The socket for {@code configFile} in {@code controlDir}.
     *
     * @throws ControlException if the resulting path is longer than {@link #MAX_BYTES}
     */
    public static Path of(Path controlDir, Path configFile) throws ControlException {
        Path socket = controlDir.toAbsolutePath().normalize().resolve(name(configFile));
        int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new ControlException(ControlException.Reason.FAILED, "control socket path " + socket + " is "
                + bytes + " bytes long, more than the " + MAX_BYTES + " a Unix-domain socket allows: use a shorter"
                + " control directory than " + controlDir);
        }
        return socket;
    }

    /** The socket's file name: the same for every spelling of the configuration's path that leads to one file. */
    static String name(Path configFile) {
        return hash(canonical(configFile)) + ".sock";
    }

    /** The real path when the file exists (links and, on Windows, letter case resolved), else the absolute one. */
    static String canonical(Path configFile) {
        try {
            return configFile.toRealPath().toString();
        } catch (IOException e) {
            return configFile.toAbsolutePath().normalize().toString();
        }
    }

    static String hash(String path) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
