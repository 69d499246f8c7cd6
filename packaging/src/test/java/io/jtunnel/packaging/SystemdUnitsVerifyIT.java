package io.jtunnel.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemd-analyze verify} accepts the unit files as shipped. It runs with {@code --root} on the extracted
 * .deb, so the units are read unchanged from /lib/systemd/system and ExecStart=/opt/jtunnel/bin/jtunnel resolves to
 * the extracted launcher. The root also gets the system's own units (the targets the units name) and a /bin/kill
 * for ExecReload. verify reports most mistakes (unknown keys, bad values) as warnings with exit code 0, so any line
 * about jtunnel's units fails the test.
 */
class SystemdUnitsVerifyIT {
    @TempDir
    static Path dir;
    static Path root;

    @BeforeAll
    static void extractPackageAsRoot() throws IOException {
        root = Files.createDirectory(dir.resolve("root"));
        Commands.run("dpkg-deb", "-x", Dist.deb().toString(), root.toString()).ok();
        Path systemUnits = Files.createDirectories(root.resolve("usr/lib/systemd/system"));
        Path usrLibUnits = Path.of("/usr/lib/systemd/system");
        assertThat(usrLibUnits).as("systemd's units (apt-get install systemd)").isDirectory();
        copyUnits(usrLibUnits, systemUnits);
        Path libUnits = Path.of("/lib/systemd/system");
        if (Files.isDirectory(libUnits) && !Files.isSameFile(libUnits, usrLibUnits)) { // a system without merged /usr
            copyUnits(libUnits, systemUnits);
        }
        Path usrBin = Files.createDirectories(root.resolve("usr/bin"));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
        // verify only checks that ExecReload's command exists and is executable
        Path kill = Files.writeString(usrBin.resolve("kill"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(kill, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void shipped_units_are_the_sources() {
        for (String unit : List.of("jtunnel.service", "jtunnel@.service")) {
            assertThat(root.resolve("lib/systemd/system").resolve(unit))
                .hasSameTextualContentAs(Dist.sources().resolve("systemd").resolve(unit));
        }
    }

    @Test
    void jtunnel_service_verifies_cleanly() {
        assertVerifiesCleanly(root, "jtunnel.service");
    }

    @Test
    void template_instance_for_the_stunnel_configuration_verifies_cleanly() {
        assertVerifiesCleanly(root, "jtunnel@stunnel.service");
    }

    @Test
    void verify_on_this_root_does_report_a_broken_unit() throws IOException {
        // the check above must be able to fail: the same root with one unknown key and one bad value
        Path broken = dir.resolve("broken-root");
        Commands.run("cp", "-a", root.toString(), broken.toString()).ok();
        Path unit = broken.resolve("lib/systemd/system/jtunnel@.service");
        Files.writeString(unit, Files.readString(unit).replace("UMask=0077", "UMask=0077\nTypoKey=1\nProtectClock=maybe"));

        Commands.Result result = verify(broken, "jtunnel@stunnel.service");
        assertThat(result.output()).contains("TypoKey").contains("maybe");
    }

    private static void assertVerifiesCleanly(Path root, String unit) {
        Commands.Result result = verify(root, unit);
        assertThat(result.exitCode()).as("systemd-analyze verify %s; output:%n%s", unit, result.output()).isZero();
        assertThat(result.output().lines().filter(line -> line.contains("jtunnel")))
            .as("systemd-analyze verify %s; output:%n%s", unit, result.output()).isEmpty();
    }

    private static Commands.Result verify(Path root, String unit) {
        return Commands.run("systemd-analyze", "verify", "--root=" + root, unit);
    }

    private static void copyUnits(Path from, Path to) {
        Commands.run("cp", "-a", from + "/.", to.toString()).ok();
        // masked units (links to /dev/null) play no part, and @TempDir warns about links leading out of it
        Commands.run("find", to.toString(), "-lname", "/dev/null", "-delete").ok();
    }
}
