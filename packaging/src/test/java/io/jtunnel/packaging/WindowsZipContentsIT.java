package io.jtunnel.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Windows zip, checked on Linux (no Windows here): layout, CRLF text files, the amd64 procrun, and an example
 * configuration that jtunnel accepts.
 */
class WindowsZipContentsIT {
    private static final int IMAGE_FILE_MACHINE_AMD64 = 0x8664;

    @TempDir
    Path dir;

    @Test
    void zip_has_launcher_procrun_jar_example_and_logs_folder() throws IOException {
        try (ZipFile zip = new ZipFile(Dist.zip().toFile())) {
            String base = Dist.baseName() + "/";
            for (String name : new String[] {"bin/jtunnel.cmd", "bin/prunsrv.exe", "bin/commons-daemon-LICENSE.txt",
                "bin/commons-daemon-NOTICE.txt", "lib/jtunnel.jar", "config/stunnel.conf", "logs/",
                "README-windows.txt"}) {
                assertThat(zip.getEntry(base + name)).as(name).isNotNull();
            }
            assertThat(zip.getEntry(base + "lib/jtunnel.jar").getSize())
                .isEqualTo(Files.size(Path.of(System.getProperty("jtunnel.image"), "lib/jtunnel.jar")));
            for (String text : new String[] {"bin/jtunnel.cmd", "config/stunnel.conf", "README-windows.txt"}) {
                String content = read(zip, base + text);
                assertThat(content).as(text).contains("\r\n");
                assertThat(content.replace("\r\n", "")).as(text + ": every line ends with CRLF").doesNotContain("\n");
            }
            String launcher = read(zip, base + "bin/jtunnel.cmd");
            assertThat(launcher).contains("\\runtime\\bin\\java.exe").contains("%JAVA_HOME%\\bin\\java.exe")
                .contains("%%~$PATH:J").contains("JTUNNEL_JAVA_OPTS")
                .contains("-XX:+UseSerialGC -Xms16m -Xmx512m -XX:-ShrinkHeapInSteps -XX:+ExitOnOutOfMemoryError")
                .contains("\"-Djtunnel.home=%APP_HOME%\" -jar \"%APP_HOME%\\lib\\jtunnel.jar\" %*");
            assertThat(machine(zip, base + "bin/prunsrv.exe")).as("PE machine of prunsrv.exe")
                .isEqualTo(IMAGE_FILE_MACHINE_AMD64);
        }
    }

    @Test
    void windows_example_configuration_passes_check_in_its_folder_once_its_files_exist() throws IOException {
        // the service runs in config\ (procrun's StartPath), so the example names its files relative to it
        Path config = Files.createDirectories(dir.resolve("jtunnel/config"));
        try (ZipFile zip = new ZipFile(Dist.zip().toFile())) {
            Files.writeString(config.resolve("stunnel.conf"), read(zip, Dist.baseName() + "/config/stunnel.conf"));
        }
        String launcher = Path.of(System.getProperty("jtunnel.image"), "bin/jtunnel").toString();
        Commands.run(config, List.of(launcher, "gencert", "--cert-first", "--subj", "/CN=icap-tunnel.example.com"))
            .ok();
        Path cloudCa = Files.createDirectory(dir.resolve("cloud-ca"));
        Commands.run(launcher, "gencert", "--ca", "--subj", "/CN=Cloud client CA", "--out", cloudCa.toString()).ok();
        Files.copy(cloudCa.resolve("ca.pem"), config.resolve("MCASca.pem"));

        // CRLF kept, as a Windows editor leaves it
        Commands.Result check = Commands.run(config, List.of(launcher, "check", "stunnel.conf"));
        assertThat(check.exitCode()).as("jtunnel check of the Windows example; output:%n%s", check.output()).isZero();
        assertThat(check.output()).contains("microsoft-Cloud App Security").contains("MCASca.pem");
    }

    private static String read(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The COFF machine field of a PE file. */
    private static int machine(ZipFile zip, String name) throws IOException {
        byte[] exe;
        try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
            exe = in.readAllBytes();
        }
        ByteBuffer bytes = ByteBuffer.wrap(exe).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(exe, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("MZ");
        int pe = bytes.getInt(0x3C);
        assertThat(new String(exe, pe, 4, StandardCharsets.ISO_8859_1)).isEqualTo("PE\0\0");
        return Short.toUnsignedInt(bytes.getShort(pe + 4));
    }
}
