package io.jtunnel.certs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Owner-only files through an ACL with a single entry that gives the current user full access (Windows). */
final class AclOwnerOnlyFiles implements OwnerOnlyFiles {

    private final UserPrincipalLookupService lookupService;

    AclOwnerOnlyFiles(UserPrincipalLookupService lookupService) {
        this.lookupService = lookupService;
    }

    @Override
    public void write(Path file, byte[] content) throws IOException {
        List<AclEntry> acl = ownerOnlyAcl(lookupService.lookupPrincipalByName(System.getProperty("user.name")));
        if (Files.exists(file)) {
            setAcl(file, acl);
        }
        write(file, content, acl, EnumSet.of(
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
    }

    @Override
    public void create(Path file, byte[] content) throws IOException {
        List<AclEntry> acl = ownerOnlyAcl(lookupService.lookupPrincipalByName(System.getProperty("user.name")));
        write(file, content, acl, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    private static void write(Path file, byte[] content, List<AclEntry> acl, Set<StandardOpenOption> options)
            throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file, options, aclAttribute(acl));
                OutputStream out = Channels.newOutputStream(channel)) {
            // Windows merges the parent's inheritable entries into an ACL given at creation, so set it
            // again while the file is still empty.
            setAcl(file, acl);
            out.write(content);
        }
    }

    static List<AclEntry> ownerOnlyAcl(UserPrincipal owner) {
        return List.of(AclEntry.newBuilder()
                .setType(AclEntryType.ALLOW)
                .setPrincipal(owner)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                .build());
    }

    private static void setAcl(Path file, List<AclEntry> acl) throws IOException {
        Files.getFileAttributeView(file, AclFileAttributeView.class).setAcl(acl);
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
