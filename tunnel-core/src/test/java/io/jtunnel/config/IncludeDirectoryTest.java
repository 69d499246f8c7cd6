package io.jtunnel.config;

import io.jtunnel.log.RecordingLogSink;
import static io.jtunnel.config.Configs.errorLines;
import static io.jtunnel.config.Configs.lineError;
import static io.jtunnel.config.Configs.parse;
import static io.jtunnel.config.Configs.service;
import static io.jtunnel.config.Configs.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code include = DIR}: the directory's regular files read in place, in alphabetical order (reference §2.7). */
class IncludeDirectoryTest {
    private static final String BODY = "accept = 127.0.0.1:20001\nconnect = 127.0.0.1:30001\n"
        + "cert = /etc/jtunnel/server.pem\n";

    @TempDir
    Path dir;

    @Test
    void included_files_are_read_in_alphabetical_order_continuing_the_current_section() throws Exception {
        Path inc = dir.resolve("conf.d");
        write(inc, "20-b.conf", "TIMEOUTclose = 20\n");
        write(inc, "10-a.conf", "TIMEOUTclose = 10\nTIMEOUTidle = 10\n");
        write(inc, "30-c.conf", "TIMEOUTidle = 30\n");
        Path main = write(dir, "main.conf", "[svc]\n" + BODY + "include = " + inc + "\n");

        ServiceConfig svc = parse(main).services().get(0);

        assertThat(svc.name()).isEqualTo("svc");
        assertThat(svc.timeouts().closeSeconds()).isEqualTo(20);
        assertThat(svc.timeouts().idleSeconds()).isEqualTo(30);
    }

    @Test
    void included_files_can_open_new_sections_and_the_outer_file_continues_the_last_one() throws Exception {
        Path inc = dir.resolve("conf.d");
        write(inc, "a.conf", "[from-a]\n" + BODY);
        write(inc, "b.conf", "[from-b]\naccept = 127.0.0.1:20002\ncert = /b.pem\n");
        Path main = write(dir, "main.conf", "TIMEOUTclose = 3\n[outer]\n" + BODY + "include = " + inc + "\n"
            + "connect = 127.0.0.1:30002\n");

        TunnelConfig config = parse(main);

        assertThat(config.services()).extracting(ServiceConfig::name).containsExactly("outer", "from-a", "from-b");
        assertThat(service(config, "from-b").connect()).extracting(ConnectTarget::spec)
            .containsExactly("127.0.0.1:30002");
        assertThat(service(config, "from-a").timeouts().closeSeconds()).isEqualTo(3);
    }

    @Test
    void include_in_the_global_part_can_set_defaults_and_global_options() throws Exception {
        Path inc = dir.resolve("globals.d");
        write(inc, "g.conf", "foreground = quiet\ncert = /inc.pem\n");
        Path main = write(dir, "main.conf", "include = " + inc + "\n[svc]\naccept = 127.0.0.1:20001\n"
            + "connect = 127.0.0.1:30001\n");

        TunnelConfig config = parse(main);

        assertThat(config.global().foreground()).isEqualTo(Foreground.QUIET);
        assertThat(config.services().get(0).cert()).contains("/inc.pem");
    }

    @Test
    void dotfiles_are_included_and_subdirectories_skipped() throws Exception {
        Path inc = dir.resolve("conf.d");
        write(inc, ".hidden", "TIMEOUTclose = 11\n");
        write(inc.resolve("sub"), "x.conf", "TIMEOUTclose = 99\n");
        Path main = write(dir, "main.conf", "[svc]\n" + BODY + "include = " + inc + "\n");

        ServiceConfig svc = parse(main).services().get(0);

        assertThat(svc.timeouts().closeSeconds()).isEqualTo(11);
    }

    @Test
    void each_included_file_logs_its_reading_and_bom_check() throws Exception {
        Path inc = dir.resolve("conf.d");
        write(inc, "a.conf", "TIMEOUTclose = 1\n");
        Path main = write(dir, "main.conf", "[svc]\n" + BODY + "include = " + inc + "\n");
        RecordingLogSink log = new RecordingLogSink();

        parse(main, log);

        assertThat(log.texts()).contains("Reading configuration from file " + inc + "/a.conf");
        assertThat(log.texts()).filteredOn(t -> t.equals("UTF-8 byte order mark not detected")).hasSize(2);
    }

    @Test
    void error_in_an_included_file_names_that_file_then_the_include_line() {
        Path inc = dir.resolve("conf.d");
        write(inc, "10-ok.conf", "TIMEOUTclose = 1\n");
        write(inc, "20-bad.conf", "TIMEOUTidle = 1\nbogus = 1\n");
        Path main = write(dir, "main.conf", "[svc]\n" + BODY + "include = " + inc + "\n");

        assertThat(errorLines(main)).containsExactly(
            inc + "/20-bad.conf:2: \"bogus = 1\": Specified option name is not valid here",
            lineError(main, 5, "include = " + inc, "Failed to include a file"));
    }

    @Test
    void section_check_failing_inside_an_included_file_is_followed_by_the_include_line() {
        Path inc = dir.resolve("conf.d");
        write(inc, "a.conf", "[broken]\naccept = 127.0.0.1:20002\ncert = /x.pem\n[next]\n");
        Path main = write(dir, "main.conf", "[svc]\n" + BODY + "include = " + inc + "\n");

        assertThat(errorLines(main)).containsExactly(
            "Service [broken]: Each service must define two endpoints",
            lineError(main, 5, "include = " + inc, "Failed to include a file"));
    }

    @Test
    void nested_includes_report_every_level() {
        Path outer = dir.resolve("outer.d");
        Path inner = dir.resolve("inner.d");
        write(inner, "x.conf", "nope\n");
        write(outer, "o.conf", "TIMEOUTclose = 1\ninclude = " + inner + "\n");
        Path main = write(dir, "main.conf", "[svc]\n" + BODY + "include = " + outer + "\n");

        assertThat(errorLines(main)).containsExactly(
            inner + "/x.conf:1: \"nope\": No '=' found",
            outer + "/o.conf:2: \"include = " + inner + "\": Failed to include a file",
            lineError(main, 5, "include = " + outer, "Failed to include a file"));
    }

    @Test
    void missing_include_directory_fails_to_include_directory() {
        Path missing = dir.resolve("nowhere.d");
        Path main = write(dir, "main.conf", "[svc]\n" + BODY + "include = " + missing + "\n");
        RecordingLogSink log = new RecordingLogSink();

        assertThat(errorLines(main, log)).containsExactly(
            lineError(main, 5, "include = " + missing, "Failed to include directory"));
        assertThat(log.lines()).contains("ERR scandir: No such file or directory (2)");
    }

    @Test
    void include_of_a_regular_file_fails_to_include_directory() {
        Path notDir = write(dir, "plain.conf", "TIMEOUTclose = 1\n");
        Path main = write(dir, "main.conf", "[svc]\n" + BODY + "include = " + notDir + "\n");
        RecordingLogSink log = new RecordingLogSink();

        assertThat(errorLines(main, log)).containsExactly(
            lineError(main, 5, "include = " + notDir, "Failed to include directory"));
        assertThat(log.lines()).contains("ERR scandir: Not a directory (20)");
    }

    @Test
    void empty_include_value_fails_to_include_directory() {
        // stunnel: scandir("") fails with ENOENT, it does not read the working directory
        Path main = write(dir, "main.conf", "[svc]\n" + BODY + "include =\n");

        assertThat(errorLines(main)).containsExactly(lineError(main, 5, "include =", "Failed to include directory"));
    }

    @Test
    void relative_include_directory_is_resolved_next_to_the_config_file_when_absent_from_working_directory()
        throws Exception {
        String name = "jtunnel-include-" + UUID.randomUUID();
        assertThat(Path.of(name)).doesNotExist();
        write(dir.resolve(name), "a.conf", "TIMEOUTclose = 42\n");
        Path main = write(dir, "main.conf", "[svc]\n" + BODY + "include = " + name + "\n");

        ServiceConfig svc = parse(main).services().get(0);

        assertThat(svc.timeouts().closeSeconds()).isEqualTo(42);
    }

    @Test
    void relative_include_error_names_the_directory_as_written() {
        String name = "jtunnel-include-" + UUID.randomUUID();
        write(dir.resolve(name), "a.conf", "bogus = 1\n");
        Path main = write(dir, "main.conf", "[svc]\n" + BODY + "include = " + name + "\n");

        assertThat(errorLines(main)).containsExactly(
            name + "/a.conf:1: \"bogus = 1\": Specified option name is not valid here",
            lineError(main, 5, "include = " + name, "Failed to include a file"));
    }

    @Test
    void relative_include_directory_in_the_working_directory_wins_over_the_one_next_to_the_file() throws Exception {
        Path cwdTarget = Path.of("target").toAbsolutePath();
        Files.createDirectories(cwdTarget);
        Path scratch = Files.createTempDirectory(cwdTarget, "include-cwd-");
        try {
            String relative = Path.of("").toAbsolutePath().relativize(scratch.resolve("conf.d")).toString();
            write(scratch.resolve("conf.d"), "a.conf", "TIMEOUTclose = 1\n");
            write(dir.resolve(relative), "a.conf", "TIMEOUTclose = 2\n");
            Path main = write(dir, "main.conf", "[svc]\n" + BODY + "include = " + relative + "\n");

            ServiceConfig svc = parse(main).services().get(0);

            assertThat(svc.timeouts().closeSeconds()).isEqualTo(1);
        } finally {
            deleteTree(scratch);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
