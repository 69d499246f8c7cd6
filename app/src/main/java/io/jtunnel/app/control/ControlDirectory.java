package io.jtunnel.app.control;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The directory that holds control sockets: only the account jtunnel runs as (and, on Windows, Administrators and
 * SYSTEM) may enter it, since whoever reaches a socket may reload or stop the tunnel.
 */
interface ControlDirectory {
    /**
     * Creates {@code dir} owner-only, or checks that an existing one is.
     *
     * @param warnings told about anything that weakens the protection without preventing it
     * @throws IOException naming the directory and the problem when it exists and is not owner-only
     */
    void prepare(Path dir, Consumer<String> warnings) throws IOException;

    /** POSIX permissions where the file system has them (Linux, macOS), otherwise an ACL (Windows). */
    static ControlDirectory forFileSystem(FileSystem fileSystem) {
        Set<String> views = fileSystem.supportedFileAttributeViews();
        if (views.contains("posix")) {
            return new PosixControlDirectory(fileSystem.getUserPrincipalLookupService());
        }
        if (views.contains("acl")) {
            return new AclControlDirectory(fileSystem.getUserPrincipalLookupService());
        }
        throw new UnsupportedOperationException("cannot make an owner-only control directory: the file system"
            + " supports neither POSIX permissions nor ACLs");
    }
}
