package io.jtunnel.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnerOnlyFilesTest {

    @Test
    void posix_file_system_gets_the_posix_implementation() {
        assertThat(OwnerOnlyFiles.forFileSystem(FileSystems.getDefault())).isInstanceOf(PosixOwnerOnlyFiles.class);
    }

    @Test
    void acl_grants_full_access_to_the_owner_and_nobody_else() {
        UserPrincipal owner = () -> "alice";

        List<AclEntry> acl = AclOwnerOnlyFiles.ownerOnlyAcl(owner);

        assertThat(acl).singleElement().satisfies(entry -> {
            assertThat(entry.type()).isEqualTo(AclEntryType.ALLOW);
            assertThat(entry.principal()).isSameAs(owner);
            assertThat(entry.permissions()).containsExactlyInAnyOrder(AclEntryPermission.values());
        });
    }
}
