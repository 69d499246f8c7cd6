package io.jtunnel.certs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes the files {@code gencert} makes: key files owner-only from creation, certificates readable by
 * everyone (0644), and an existing file left alone unless overwriting is asked for.
 */
public final class OutputFiles {

    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private OutputFiles() {
    }

    /**
     * Fails with a {@link FileAlreadyExistsException} naming the first of {@code files} that exists, so a
     * command can refuse before it writes anything.
     */
    public static void requireAbsent(Path... files) throws FileAlreadyExistsException {
        for (Path file : files) {
            if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw alreadyExists(file);
            }
        }
    }

    /**
     * Writes {@code content} to {@code file}: owner-only when {@code ownerOnly} (an existing file is narrowed
     * first), otherwise mode 0644 where POSIX permissions exist.
     *
     * @throws FileAlreadyExistsException naming the file if it exists and {@code overwrite} is false
     */
    public static void writeNew(Path file, byte[] content, boolean ownerOnly, boolean overwrite) throws IOException {
        if (ownerOnly) {
            OwnerOnlyFiles files = OwnerOnlyFiles.forFileSystem(file.getFileSystem());
            try {
                if (overwrite) {
                    files.write(file, content);
                } else {
                    files.create(file, content);
                }
            } catch (FileAlreadyExistsException e) {
                throw alreadyExists(file);
            }
            return;
        }
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        Set<StandardOpenOption> options = overwrite
                ? EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)
                : EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(WORLD_READABLE)}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(file, options, attributes);
                OutputStream out = Channels.newOutputStream(channel)) {
            out.write(content);
        } catch (FileAlreadyExistsException e) {
            throw alreadyExists(file);
        }
        if (posix) {
            // The umask may have narrowed the mode at creation, and an existing file keeps its old one.
            Files.setPosixFilePermissions(file, WORLD_READABLE);
        }
    }

    private static FileAlreadyExistsException alreadyExists(Path file) {
        return new FileAlreadyExistsException(file.toString(), null, "already exists (not overwritten)");
    }
}
