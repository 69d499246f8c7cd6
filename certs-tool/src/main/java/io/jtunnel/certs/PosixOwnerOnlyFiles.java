package io.jtunnel.certs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Owner-only files through POSIX permissions: mode 0600. */
final class PosixOwnerOnlyFiles implements OwnerOnlyFiles {

    private static final Set<PosixFilePermission> OWNER_READ_WRITE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    @Override
    public void write(Path file, byte[] content) throws IOException {
        if (Files.exists(file)) {
            Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
        }
        write(file, content, EnumSet.of(
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
    }

    @Override
    public void create(Path file, byte[] content) throws IOException {
        write(file, content, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    private static void write(Path file, byte[] content, Set<StandardOpenOption> options) throws IOException {
        // The attribute applies only when the file is created; the umask can narrow it, never widen it.
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE);
        try (SeekableByteChannel channel = Files.newByteChannel(file, options, ownerOnly);
                OutputStream out = Channels.newOutputStream(channel)) {
            out.write(content);
        }
    }
}
