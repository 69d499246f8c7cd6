package io.jtunnel.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .deb as dpkg-deb sees it: control fields, conffiles, maintainer scripts, file modes, and a runnable tree. */
class DebPackageContentsIT {
    @TempDir
    static Path dir;
    static Path deb;
    static Path root;
    static Path control;
    /** dpkg-deb -c: path (without the leading ".") to its listing line. */
    static Map<String, Entry> entries;

    /** One line of {@code dpkg-deb -c} or {@code tar -tv}. */
    record Entry(String mode, String owner, String path, String linkTarget) {
        static Entry parse(String line) {
            String[] fields = line.trim().split("\\s+", 6);
            String name = fields[5];
            String target = null;
            int arrow = name.indexOf(" -> ");
            if (arrow >= 0) {
                target = name.substring(arrow + 4);
                name = name.substring(0, arrow);
            }
            return new Entry(fields[0], fields[1], name.replaceFirst("^\\./", "/").replaceFirst("/$", ""), target);
        }
    }

    @BeforeAll
    static void unpack() throws IOException {
        deb = Dist.deb();
        entries = new LinkedHashMap<>();
        Commands.run("dpkg-deb", "-c", deb.toString()).ok().lines()
            .map(Entry::parse).forEach(entry -> entries.put(entry.path(), entry));
        root = Files.createDirectory(dir.resolve("root"));
        Commands.run("dpkg-deb", "-x", deb.toString(), root.toString()).ok();
        control = Files.createDirectory(dir.resolve("control"));
        Path controlTar = dir.resolve("control.tar");
        Commands.run("sh", "-c", "dpkg-deb --ctrl-tarfile \"$0\" > \"$1\"", deb.toString(), controlTar.toString()).ok();
        Commands.run("tar", "-xf", controlTar.toString(), "-C", control.toString()).ok();
    }

    @Test
    void control_fields_describe_an_amd64_package_with_its_library_dependencies() {
        assertThat(field("Package")).isEqualTo("jtunnel");
        assertThat(field("Architecture")).isEqualTo("amd64");
        assertThat(field("Version")).startsWith(Dist.version().replace("-SNAPSHOT", ""));
        assertThat(Commands.run("dpkg", "--validate-version", field("Version")).exitCode()).isZero();
        assertThat(field("Depends")).contains("adduser", "libc6", "libgcc-s1", "libstdc++6", "zlib1g");
        assertThat(field("Maintainer")).matches(".+ <[^@ ]+@[^@ ]+>");
        assertThat(field("Description")).contains("stunnel");
        assertThat(field("Description").lines().count()).as("Description lines").isGreaterThan(5);
        assertThat(field("Section")).isEqualTo("net");
    }

    @Test
    void configuration_files_are_conffiles() throws IOException {
        assertThat(Files.readAllLines(control.resolve("conffiles")))
            .containsExactlyInAnyOrder("/etc/jtunnel/jtunnel.conf", "/etc/default/jtunnel");
        assertThat(entries.get("/etc/jtunnel/jtunnel.conf").mode()).isEqualTo("-rw-r--r--");
        assertThat(entries.get("/etc/default/jtunnel").mode()).isEqualTo("-rw-r--r--");
        assertThat(root.resolve("etc/jtunnel/jtunnel.conf"))
            .hasSameTextualContentAs(Dist.sources().resolve("config/jtunnel.conf"))
            .hasSameTextualContentAs(root.resolve("opt/jtunnel/config/jtunnel.conf"));
    }

    @Test
    void maintainer_scripts_are_posix_sh_create_the_user_and_never_start_the_service() throws IOException {
        for (String script : new String[] {"postinst", "prerm", "postrm"}) {
            Path file = control.resolve(script);
            assertThat(Files.readString(file)).as(script).startsWith("#!/bin/sh\n").contains("\nset -e\n");
            assertThat(Files.isExecutable(file)).as(script + " executable").isTrue();
            Commands.run("sh", "-n", file.toString()).ok();
            Commands.run("dash", "-n", file.toString()).ok();
        }
        String postinst = Files.readString(control.resolve("postinst"));
        assertThat(postinst).contains("adduser --quiet --system --group --no-create-home --home /nonexistent")
            .contains("ssl-cert").contains("daemon-reload")
            .doesNotContain("systemctl enable").doesNotContain("systemctl start").doesNotContain("systemctl restart");
        assertThat(postinst).contains("/opt/jtunnel/bin/jtunnel selftest --write-cds-archive");
        assertThat(Files.readString(control.resolve("prerm"))).contains("systemctl stop jtunnel.service")
            .contains("rm -f /opt/jtunnel/lib/jtunnel.jsa");
        assertThat(Files.readString(control.resolve("postrm"))).contains("purge").contains("deluser");
    }

    @Test
    void files_have_their_modes_and_owners_and_usr_bin_links_to_the_launcher() {
        assertThat(entries.get("/usr/bin/jtunnel").linkTarget()).isEqualTo("/opt/jtunnel/bin/jtunnel");
        assertThat(entries.get("/opt/jtunnel/bin/jtunnel").mode()).isEqualTo("-rwxr-xr-x");
        assertThat(entries.get("/opt/jtunnel/runtime/bin/java").mode()).isEqualTo("-rwxr-xr-x");
        assertThat(entries.get("/opt/jtunnel/runtime/lib/jspawnhelper").mode()).isEqualTo("-rwxr-xr-x");
        assertThat(entries.get("/opt/jtunnel/lib/jtunnel.jar").mode()).isEqualTo("-rw-r--r--");
        assertThat(entries.get("/lib/systemd/system/jtunnel.service").mode()).isEqualTo("-rw-r--r--");
        assertThat(entries.get("/lib/systemd/system/jtunnel@.service").mode()).isEqualTo("-rw-r--r--");
        assertThat(entries.values()).allSatisfy(entry -> assertThat(entry.owner()).as(entry.path()).isEqualTo("root/root"));
        assertThat(entries.values()).filteredOn(entry -> entry.mode().startsWith("d"))
            .allSatisfy(entry -> assertThat(entry.mode()).as(entry.path()).isEqualTo("drwxr-xr-x"));
    }

    @Test
    void extracted_launcher_prints_the_version() {
        String output = Commands.run(root.resolve("opt/jtunnel/bin/jtunnel").toString(), "-version").ok();
        assertThat(output).startsWith("jtunnel " + Dist.version() + " ");
    }

    @Test
    void example_configuration_passes_check_once_its_files_exist() throws IOException {
        // the shipped /etc/jtunnel/jtunnel.conf with /etc/jtunnel/ moved into a temporary directory
        Path etc = Files.createDirectory(dir.resolve("etc-jtunnel"));
        String launcher = root.resolve("opt/jtunnel/bin/jtunnel").toString();
        Commands.run(launcher, "gencert", "--subj", "/CN=icap-tunnel.example.com", "--out", etc.toString()).ok();
        Path cloudCa = Files.createDirectory(dir.resolve("cloud-ca"));
        Commands.run(launcher, "gencert", "--ca", "--subj", "/CN=Cloud client CA", "--out", cloudCa.toString()).ok();
        Files.copy(cloudCa.resolve("ca.pem"), etc.resolve("MCASCAfile.pem"));
        Path conf = etc.resolve("jtunnel.conf");
        Files.writeString(conf, Files.readString(root.resolve("etc/jtunnel/jtunnel.conf"))
            .replace("/etc/jtunnel/", etc + "/"));

        Commands.Result check = Commands.run(launcher, "check", conf.toString());
        assertThat(check.exitCode()).as("jtunnel check of the example; output:%n%s", check.output()).isZero();
        assertThat(check.output()).contains("microsoft-Cloud App Security").contains("11344");
    }

    private static String field(String name) {
        return Commands.run("dpkg-deb", "-f", deb.toString(), name).ok().stripTrailing();
    }
}
