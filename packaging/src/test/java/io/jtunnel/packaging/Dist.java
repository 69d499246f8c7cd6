package io.jtunnel.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the build put the distributions (system properties set by failsafe in packaging/pom.xml). */
final class Dist {
    private Dist() {
    }

    static String version() {
        return property("jtunnel.version");
    }

    /** The directory name inside the tar.gz and the zip: {@code jtunnel-VERSION}. */
    static String baseName() {
        return "jtunnel-" + version();
    }

    static Path tarball() {
        return existingFile("jtunnel.tarball");
    }

    static Path zip() {
        return existingFile("jtunnel.zip");
    }

    /** packaging/src: the example configurations and the unit files as written. */
    static Path sources() {
        return Path.of(property("jtunnel.sourceDir"));
    }

    /** The one {@code jtunnel_*_amd64.deb} in packaging/target. */
    static Path deb() {
        Path target = Path.of(property("jtunnel.targetDir"));
        try (Stream<Path> files = Files.list(target)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("jtunnel_.*_amd64\\.deb")).toList();
            assertThat(debs).as("the .deb in %s", target).hasSize(1);
            return debs.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path existingFile(String name) {
        Path file = Path.of(property(name));
        assertThat(file).as("%s (%s)", name, file).isRegularFile();
        return file;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertThat(value).as("system property %s (set by failsafe)", name).isNotBlank();
        return value;
    }
}
