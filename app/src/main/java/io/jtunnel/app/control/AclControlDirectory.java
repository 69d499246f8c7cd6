package io.jtunnel.app.control;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A control directory whose ACL lets in only the account jtunnel runs as (the service account), BUILTIN\Administrators
 * and NT AUTHORITY\SYSTEM (Windows). The entries are inherited, so the socket files made inside get the same ACL;
 * connecting to an AF_UNIX socket on Windows needs write access to its file.
 */
final class AclControlDirectory implements ControlDirectory {
    /** English account names; LookupAccountName knows only the localized ones, hence the bare-name fallbacks. */
    private static final List<List<String>> WELL_KNOWN = List.of(
        List.of("BUILTIN\\Administrators", "Administrators"),
        List.of("NT AUTHORITY\\SYSTEM", "SYSTEM"));

    private final UserPrincipalLookupService users;

    AclControlDirectory(UserPrincipalLookupService users) {
        this.users = users;
    }

    @Override
    public void prepare(Path dir, Consumer<String> warnings) throws IOException {
        UserPrincipal me = users.lookupPrincipalByName(System.getProperty("user.name"));
        Set<UserPrincipal> allowed = allowedPrincipals(me, warnings);
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        List<AclEntry> acl = acl(allowed);
        try {
            Files.createDirectory(dir, aclAttribute(acl));
            AclFileAttributeView view = Files.getFileAttributeView(dir, AclFileAttributeView.class);
            // Windows merges the parent's inheritable entries into an ACL given at creation: set it once more
            view.setAcl(acl);
            takeOwnership(view, me, dir, warnings);
            return;
        } catch (FileAlreadyExistsException e) {
            // checked below
        }
        check(dir, allowed);
    }

    private void check(Path dir, Set<UserPrincipal> allowed) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(dir, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory() || attributes.isSymbolicLink()) {
            throw new IOException("control directory " + dir + " exists and is not a plain directory");
        }
        AclFileAttributeView view = Files.getFileAttributeView(dir, AclFileAttributeView.class,
            LinkOption.NOFOLLOW_LINKS);
        UserPrincipal owner = view.getOwner();
        if (!allowed.contains(owner)) {
            throw new IOException("control directory " + dir + " is owned by " + owner.getName() + ": remove it"
                + " and jtunnel makes it again, open only to " + names(allowed));
        }
        Optional<UserPrincipal> stranger = stranger(view.getAcl(), allowed);
        if (stranger.isPresent()) {
            throw new IOException("control directory " + dir + " lets " + stranger.get().getName() + " in: only "
                + names(allowed) + " may have access; remove the directory and jtunnel makes it again");
        }
    }

    /** The first principal other than {@code allowed} that an ALLOW entry of {@code acl} lets in, if any. */
    static Optional<UserPrincipal> stranger(List<AclEntry> acl, Set<UserPrincipal> allowed) {
        return acl.stream()
            .filter(entry -> entry.type() == AclEntryType.ALLOW && !entry.permissions().isEmpty())
            .map(AclEntry::principal)
            .filter(principal -> !allowed.contains(principal))
            .findFirst();
    }

    /** Full control for each principal, inherited by the files and directories made inside. */
    static List<AclEntry> acl(Set<UserPrincipal> allowed) {
        List<AclEntry> acl = new ArrayList<>();
        for (UserPrincipal principal : allowed) {
            acl.add(AclEntry.newBuilder()
                .setType(AclEntryType.ALLOW)
                .setPrincipal(principal)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                .setFlags(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT)
                .build());
        }
        return acl;
    }

    /**
     * An elevated administrator's or SYSTEM's new files belong to BUILTIN\Administrators, not to the account: make
     * the account the owner, so that the next start (same account) finds the directory its own.
     */
    private static void takeOwnership(AclFileAttributeView view, UserPrincipal me, Path dir,
            Consumer<String> warnings) {
        try {
            view.setOwner(me);
        } catch (IOException e) {
            warnings.accept("cannot make " + me.getName() + " the owner of control directory " + dir + ": " + e);
        }
    }

    private Set<UserPrincipal> allowedPrincipals(UserPrincipal me, Consumer<String> warnings) throws IOException {
        Set<UserPrincipal> allowed = new LinkedHashSet<>();
        allowed.add(me);
        for (List<String> names : WELL_KNOWN) {
            Optional<UserPrincipal> found = lookup(names);
            if (found.isPresent()) {
                allowed.add(found.get());
            } else {
                warnings.accept("cannot find the account " + names.get(0) + " (a Windows in another language names"
                    + " it differently): it gets no access to the control directory");
            }
        }
        return allowed;
    }

    private Optional<UserPrincipal> lookup(List<String> names) throws IOException {
        for (String name : names) {
            try {
                return Optional.of(users.lookupPrincipalByName(name));
            } catch (UserPrincipalNotFoundException e) {
                // try the next spelling
            }
        }
        return Optional.empty();
    }

    private static String names(Set<UserPrincipal> principals) {
        return String.join(", ", principals.stream().map(UserPrincipal::getName).toList());
    }

    private static FileAttribute<List<AclEntry>> aclAttribute(List<AclEntry> acl) {
        return new FileAttribute<>() {
            @Override
            public String name() {
                return "acl:acl";
            }

            @Override
            public List<AclEntry> value() {
                return acl;
            }
        };
    }
}
