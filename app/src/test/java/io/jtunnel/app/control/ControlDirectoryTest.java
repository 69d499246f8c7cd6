package io.jtunnel.app.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The owner-only control directory on POSIX, for real, and the Windows ACL rules on fake principals. */
class ControlDirectoryTest {
    @TempDir
    Path temp;

    private final List<String> warnings = new ArrayList<>();
    private final ControlDirectory posix = ControlDirectory.forFileSystem(FileSystems.getDefault());

    @Test
    void makes_a_missing_directory_and_its_parents_owner_only() throws IOException {
        Path dir = temp.resolve("var/run/jtunnel");

        posix.prepare(dir, warnings::add);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(warnings).isEmpty();
    }

    @Test
    void accepts_an_existing_owner_only_directory() throws IOException {
        Path dir = temp.resolve("run");
        posix.prepare(dir, warnings::add);

        posix.prepare(dir, warnings::add);

        assertThat(dir).isDirectory();
    }

    @Test
    void refuses_a_group_readable_directory() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("run"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));

        assertThatThrownBy(() -> posix.prepare(dir, warnings::add))
            .hasMessageContaining("control directory " + dir + " is open to others (rwxr-x---)");
    }

    @Test
    void refuses_a_symbolic_link() throws IOException {
        Path real = temp.resolve("real");
        posix.prepare(real, warnings::add);
        Path link = Files.createSymbolicLink(temp.resolve("link"), real);

        assertThatThrownBy(() -> posix.prepare(link, warnings::add))
            .hasMessageStartingWith("control directory " + link + " is a symbolic link");
    }

    @Test
    void refuses_a_file_in_the_way() throws IOException {
        Path file = Files.writeString(temp.resolve("run"), "");

        assertThatThrownBy(() -> posix.prepare(file, warnings::add))
            .hasMessage("control directory " + file + " exists and is not a directory");
    }

    @Test
    void refuses_a_directory_owned_by_another_user() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a directory away");
        Path dir = temp.resolve("run");
        posix.prepare(dir, warnings::add);
        UserPrincipal nobody = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(dir, nobody);

        assertThatThrownBy(() -> posix.prepare(dir, warnings::add))
            .hasMessage("control directory " + dir + " is owned by nobody, not by root who runs jtunnel: remove it,"
                + " or chown it to root");
    }

    @Test
    void windows_acl_gives_each_allowed_principal_full_inherited_access() {
        UserPrincipal service = new Named("NT AUTHORITY\\SYSTEM");
        UserPrincipal admins = new Named("BUILTIN\\Administrators");

        List<AclEntry> acl = AclControlDirectory.acl(new LinkedHashSet<>(List.of(service, admins)));

        assertThat(acl).hasSize(2);
        assertThat(acl).allSatisfy(entry -> {
            assertThat(entry.type()).isEqualTo(AclEntryType.ALLOW);
            assertThat(entry.permissions()).containsExactlyInAnyOrder(
                AclEntryPermission.values());
            assertThat(entry.flags()).containsExactlyInAnyOrder(AclEntryFlag.FILE_INHERIT,
                AclEntryFlag.DIRECTORY_INHERIT);
        });
        assertThat(acl).extracting(AclEntry::principal).containsExactly(service, admins);
    }

    @Test
    void windows_acl_check_finds_a_principal_that_is_not_allowed() {
        UserPrincipal service = new Named("NT AUTHORITY\\SYSTEM");
        UserPrincipal users = new Named("BUILTIN\\Users");
        Set<UserPrincipal> allowed = Set.of(service);
        List<AclEntry> acl = new ArrayList<>(AclControlDirectory.acl(allowed));

        assertThat(AclControlDirectory.stranger(acl, allowed)).isEmpty();

        acl.addAll(AclControlDirectory.acl(Set.of(users)));
        assertThat(AclControlDirectory.stranger(acl, allowed)).contains(users);
    }

    /** A principal known by name only, as Windows accounts are here. */
    private record Named(String getName) implements UserPrincipal {
    }
}
