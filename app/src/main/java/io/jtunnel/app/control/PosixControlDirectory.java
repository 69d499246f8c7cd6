package io.jtunnel.app.control;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/** A control directory of mode 0700 owned by the user jtunnel runs as. */
final class PosixControlDirectory implements ControlDirectory {
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final UserPrincipalLookupService users;

    PosixControlDirectory(UserPrincipalLookupService users) {
        this.users = users;
    }

    @Override
    public void prepare(Path dir, Consumer<String> warnings) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            // the umask may narrow the mode, never widen it
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            return;
        } catch (FileAlreadyExistsException e) {
            // checked below
        }
        check(dir);
    }

    private void check(Path dir) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw new IOException("control directory " + dir + " is a symbolic link: give jtunnel a real directory"
                + " that only its own user can enter");
        }
        if (!attributes.isDirectory()) {
            throw new IOException("control directory " + dir + " exists and is not a directory");
        }
        UserPrincipal me = users.lookupPrincipalByName(System.getProperty("user.name"));
        if (!attributes.owner().equals(me)) {
            throw new IOException("control directory " + dir + " is owned by " + attributes.owner().getName()
                + ", not by " + me.getName() + " who runs jtunnel: remove it, or chown it to " + me.getName());
        }
        Set<PosixFilePermission> extra = EnumSet.copyOf(attributes.permissions());
        extra.removeAll(OWNER_ONLY);
        if (!extra.isEmpty()) {
            throw new IOException("control directory " + dir + " is open to others ("
                + PosixFilePermissions.toString(attributes.permissions()) + "): it must be owner-only (rwx------);"
                + " run chmod 700 " + dir + " or remove it");
        }
    }
}
