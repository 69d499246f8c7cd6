package io.jtunnel.certs;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Set;

/**
 * Writes files that only their owner may read or write, such as private keys; the restriction is
 * in place from the moment the file is created.
 */
public interface OwnerOnlyFiles {

    /**
     * Writes {@code content} to {@code file}, replacing what it held. A new file is created owner-only;
     * an existing file has its permissions narrowed to owner-only before anything is written to it.
     */
    void write(Path file, byte[] content) throws IOException;

    /**
     * Creates {@code file} owner-only and writes {@code content} to it.
     *
     * @throws java.nio.file.FileAlreadyExistsException if the file exists, which is left untouched
     */
    void create(Path file, byte[] content) throws IOException;

    /**
     * Returns the implementation for a file system: POSIX permissions where supported (Linux, macOS),
     * otherwise an ACL that grants access to the owner alone (Windows).
     *
     * @throws UnsupportedOperationException if the file system supports neither
     */
    static OwnerOnlyFiles forFileSystem(FileSystem fileSystem) {
        Set<String> views = fileSystem.supportedFileAttributeViews();
        if (views.contains("posix")) {
            return new PosixOwnerOnlyFiles();
        }
        if (views.contains("acl")) {
            return new AclOwnerOnlyFiles(fileSystem.getUserPrincipalLookupService());
        }
        throw new UnsupportedOperationException(
                "cannot restrict file access to the owner: file system supports neither POSIX permissions nor ACLs");
    }
}
