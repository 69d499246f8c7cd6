package io.jtunnel.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux tar.gz, unpacked with tar, runs on its own runtime with no Java on PATH and no JAVA_HOME: TLS through
 * the tunnel, reload on HUP, clean exit on TERM, the launcher's PID being the JVM's.
 */
class TarballRunsWithoutSystemJavaIT {
    static final String REQUEST = "OPTIONS icap://127.0.0.1/reqmod ICAP/1.0\r\nHost: 127.0.0.1\r\n"
        + "Encapsulated: null-body=0\r\n\r\n";
    /** One line of jtunnel's Log4j2 layout (stunnel's): anything else on stderr means something bypassed it. */
    static final String LOG_LINE = "\\d{4}\\.\\d{2}\\.\\d{2} \\d{2}:\\d{2}:\\d{2} LOG[0-7]\\[[^\\]]+\\]: .*";

    @TempDir
    static Path dir;
    static Path home;
    static Path certs;

    @BeforeAll
    static void unpackAndMakeCertificate() throws IOException {
        Commands.run("tar", "-xzf", Dist.tarball().toString(), "-C", dir.toString()).ok();
        home = dir.resolve(Dist.baseName());
        certs = Files.createDirectory(dir.resolve("certs"));
        Commands.run(withoutJava(home.resolve("bin/jtunnel").toString(), "gencert", "--subj", "/CN=localhost",
            "--out", certs.toString())).ok();
        assertThat(certs.resolve("stunnel-key.pem")).isRegularFile();
    }

    /** {@code env -i PATH=/nonexistent COMMAND}: no JAVA_HOME, and no java (nor anything else) on PATH. */
    static List<String> withoutJava(String... command) {
        List<String> full = new ArrayList<>(List.of("env", "-i", "PATH=/nonexistent"));
        full.addAll(List.of(command));
        return full;
    }

    @Test
    void archive_keeps_the_executable_modes() throws IOException {
        for (String executable : List.of("bin/jtunnel", "runtime/bin/java", "runtime/lib/jspawnhelper")) {
            assertThat(Files.getPosixFilePermissions(home.resolve(executable))).as(executable)
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE);
        }
        assertThat(Files.getPosixFilePermissions(home.resolve("config/jtunnel.conf"))).as("config/jtunnel.conf")
            .doesNotContain(PosixFilePermission.OWNER_EXECUTE);
        assertThat(home.resolve("lib/jtunnel.jar")).isRegularFile();
        assertThat(home.resolve("systemd/jtunnel.service")).isRegularFile();
        assertThat(home.resolve("systemd/jtunnel@.service")).isRegularFile();
    }

    @Test
    void selftest_writes_a_class_data_sharing_archive_that_later_starts_map() throws IOException {
        // rm and mv are needed here (PATH has a java too, but the bundled runtime comes first)
        String written = Commands.run("env", "-i", "PATH=/usr/bin:/bin", home.resolve("bin/jtunnel").toString(),
            "selftest", "--write-cds-archive").ok();
        assertThat(written).contains("jtunnel selftest: passed: openssl engine")
            .contains("class-data sharing archive written: " + home.resolve("lib/jtunnel.jsa"));
        assertThat(home.resolve("lib/jtunnel.jsa")).isRegularFile();
        assertThat(home.resolve("lib")).isDirectoryNotContaining("glob:**.partial.*");
        // -Xshare:on makes the JVM refuse to start unless it maps the archive
        List<String> strict = List.of("env", "-i", "PATH=/nonexistent", "JTUNNEL_JAVA_OPTS=-XX:+UseSerialGC -Xshare:on");
        List<String> version = new ArrayList<>(strict);
        version.addAll(List.of(home.resolve("bin/jtunnel").toString(), "--version"));
        assertThat(Commands.run(version).ok()).startsWith("jtunnel ");
        // the control: the same tree elsewhere has another jar path, which the archive does not match
        Path moved = dir.resolve("moved");
        Commands.run("cp", "-a", home.toString(), moved.toString()).ok();
        List<String> elsewhere = new ArrayList<>(strict);
        elsewhere.addAll(List.of(moved.resolve("bin/jtunnel").toString(), "--version"));
        assertThat(Commands.run(elsewhere).exitCode()).isNotZero();
        // without -Xshare:on the moved copy starts anyway, silently ignoring the archive
        assertThat(Commands.run(withoutJava(moved.resolve("bin/jtunnel").toString(), "--version")).ok())
            .startsWith("jtunnel ");
    }

    @Test
    void serves_tls_on_the_bundled_runtime_then_reloads_on_hup_and_exits_0_on_term() throws IOException {
        TlsClient client = new TlsClient(certs.resolve("cert.pem"));
        try (IcapStub appliance = new IcapStub()) {
            Path conf = dir.resolve("reload.conf");
            Files.writeString(conf, config(appliance.port(), "[icap]\naccept = 127.0.0.1:0\n"));
            try (TunnelProcess tunnel = TunnelProcess.start(withoutJava(home.resolve("bin/jtunnel").toString(),
                conf.toString()), dir.resolve("reload.log"))) {
                tunnel.awaitLogged("Accepting new connections", 1);

                // exec all the way: the PID started (env, then the launcher) is now the bundled JVM
                assertThat(Files.readSymbolicLink(Path.of("/proc/" + tunnel.pid() + "/exe")))
                    .isEqualTo(home.resolve("runtime/bin/java").toRealPath());
                assertThat(ProcessHandle.of(tunnel.pid()).orElseThrow().children()).isEmpty();
                assertThat(commandLine(tunnel.pid())).containsSubsequence("-XX:+UseSerialGC", "-Xms16m", "-Xmx512m",
                    "-XX:-ShrinkHeapInSteps", "-XX:TrimNativeHeapInterval=10000", "-XX:+ExitOnOutOfMemoryError",
                    "-Djtunnel.home=" + home.toRealPath(), "-jar", home.toRealPath().resolve("lib/jtunnel.jar").toString(),
                    conf.toString());

                int first = tunnel.boundPort("icap");
                TlsClient.Exchange exchange = client.exchange(first, REQUEST, IcapStub.RESPONSE, "TLSv1.3");
                assertThat(exchange.response()).isEqualTo(IcapStub.RESPONSE);
                assertThat(appliance.requests()).containsExactly(REQUEST);

                int second = freePort();
                Files.writeString(conf, config(appliance.port(),
                    "[icap]\naccept = 127.0.0.1:0\n[added]\naccept = 127.0.0.1:" + second + "\n"));
                tunnel.signal("HUP");
                tunnel.awaitLogged("Configuration successful", 2);
                assertThat(tunnel.boundPort("added")).isEqualTo(second);
                assertThat(client.exchange(second, REQUEST, IcapStub.RESPONSE, "TLSv1.2", "TLSv1.3").response())
                    .isEqualTo(IcapStub.RESPONSE);
                assertThat(client.exchange(first, REQUEST, IcapStub.RESPONSE, "TLSv1.3").response())
                    .as("the first service's port survives the reload").isEqualTo(IcapStub.RESPONSE);
                assertThat(appliance.requests()).containsExactly(REQUEST, REQUEST, REQUEST);
                assertThat(tunnel.isAlive()).isTrue();

                tunnel.signal("TERM");
                assertThat(tunnel.awaitExit()).as("exit code after TERM; log:%n%s", tunnel.log()).isZero();
                assertThat(tunnel.log()).contains("TLS engine: ");
                // Log4j2 really logs (a JUL fallback, a JVM warning or a stack trace would not match the layout)
                assertThat(tunnel.log().lines().filter(line -> !line.isBlank())).allMatch(line -> line.matches(LOG_LINE));
            }
        }
    }

    @Test
    void term_lets_an_open_connection_finish_before_exiting_0() throws IOException {
        TlsClient client = new TlsClient(certs.resolve("cert.pem"));
        try (IcapStub appliance = new IcapStub()) {
            Path conf = dir.resolve("drain.conf");
            Files.writeString(conf, config(appliance.port(), "[icap]\naccept = 127.0.0.1:0\n"));
            try (TunnelProcess tunnel = TunnelProcess.start(withoutJava(home.resolve("bin/jtunnel").toString(),
                conf.toString()), dir.resolve("drain.log"))) {
                tunnel.awaitLogged("Accepting new connections", 1);
                try (javax.net.ssl.SSLSocket open = client.open(tunnel.boundPort("icap"))) {
                    tunnel.signal("TERM");
                    tunnel.awaitLogged("Draining 1 open connection(s)", 1);
                    assertThat(tunnel.isAlive()).isTrue();

                    open.getOutputStream().write(REQUEST.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    open.getOutputStream().flush();
                    byte[] answer = open.getInputStream().readNBytes(IcapStub.RESPONSE.length());
                    assertThat(new String(answer, java.nio.charset.StandardCharsets.US_ASCII))
                        .as("answered after TERM").isEqualTo(IcapStub.RESPONSE);
                }
                assertThat(tunnel.awaitExit()).as("exit code after the drain; log:%n%s", tunnel.log()).isZero();
                assertThat(tunnel.log()).contains("All connections ended").contains("Terminated");
            }
        }
    }

    @Test
    void jdk_tls_engine_on_the_bundled_runtime_negotiates_ecdhe_for_tls_1_2() throws IOException {
        // without jdk.crypto.ec in the runtime, SunJSSE silently falls back to plain-RSA key exchange
        TlsClient client = new TlsClient(certs.resolve("cert.pem"));
        try (IcapStub appliance = new IcapStub()) {
            Path conf = dir.resolve("jdk.conf");
            Files.writeString(conf, config(appliance.port(), "[jdk]\naccept = 127.0.0.1:0\n"));
            try (TunnelProcess tunnel = TunnelProcess.start(withoutJava(home.resolve("bin/jtunnel").toString(),
                "--tls-engine", "jdk", conf.toString()), dir.resolve("jdk.log"))) {
                tunnel.awaitLogged("Accepting new connections", 1);
                assertThat(tunnel.log()).containsPattern("TLS engine: jdk");
                TlsClient.Exchange exchange = client.exchange(tunnel.boundPort("jdk"), REQUEST, IcapStub.RESPONSE,
                    "TLSv1.2");
                assertThat(exchange.response()).isEqualTo(IcapStub.RESPONSE);
                assertThat(exchange.protocol()).isEqualTo("TLSv1.2");
                assertThat(exchange.cipherSuite()).startsWith("TLS_ECDHE_");
                tunnel.signal("TERM");
                assertThat(tunnel.awaitExit()).isZero();
            }
        }
    }

    @Test
    void launcher_called_through_symbolic_links_finds_its_installation() throws IOException {
        // /usr/bin/jtunnel -> /opt/jtunnel/bin/jtunnel, here with a relative link in the chain as well
        Path links = Files.createTempDirectory(dir, "links");
        Path alias = Files.createDirectory(links.resolve("alias"));
        Files.createSymbolicLink(alias.resolve("jtunnel"), home.resolve("bin/jtunnel"));
        Path usrBin = Files.createDirectory(links.resolve("usr-bin"));
        Files.createSymbolicLink(usrBin.resolve("jtunnel"), Path.of("../alias/jtunnel"));
        // PATH holds only what the launcher needs for a link: readlink
        Path tools = Files.createDirectory(links.resolve("tools"));
        Files.createSymbolicLink(tools.resolve("readlink"), Path.of(
            Commands.run("sh", "-c", "command -v readlink").ok().trim()));

        String output;
        try {
            output = Commands.run("env", "-i", "PATH=" + tools, "JTUNNEL_JAVA_OPTS=-XshowSettings:properties",
                usrBin.resolve("jtunnel").toString(), "-version").ok();
        } finally {
            Files.delete(tools.resolve("readlink")); // @TempDir warns about links leading out of it
        }
        assertThat(output).contains("jtunnel " + Dist.version() + " ");
        // JTUNNEL_JAVA_OPTS reached the JVM, and jtunnel.home is the real installation
        assertThat(output).contains("jtunnel.home = " + home.toRealPath());
    }

    @Test
    void without_any_java_the_launcher_says_so() throws IOException {
        Path bare = Files.createTempDirectory(dir, "no-runtime");
        Files.createDirectories(bare.resolve("bin"));
        Files.copy(home.resolve("bin/jtunnel"), bare.resolve("bin/jtunnel"));
        Commands.Result none = Commands.run(withoutJava(bare.resolve("bin/jtunnel").toString(), "-version"));
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.output()).contains("no Java found").contains("JAVA_HOME");

        Commands.Result wrongHome = Commands.run("env", "-i", "PATH=/nonexistent", "JAVA_HOME=" + bare,
            bare.resolve("bin/jtunnel").toString(), "-version");
        assertThat(wrongHome.exitCode()).isEqualTo(1);
        assertThat(wrongHome.output()).contains("JAVA_HOME is set to \"" + bare + "\"");
    }

    private static String config(int appliancePort, String services) {
        StringBuilder conf = new StringBuilder("foreground = yes\nsyslog = no\ndebug = info\n");
        for (String line : services.split("\n")) {
            conf.append(line).append('\n');
            if (line.startsWith("accept")) {
                conf.append("connect = 127.0.0.1:").append(appliancePort).append('\n')
                    .append("cert = ").append(certs.resolve("stunnel-key.pem")).append('\n');
            }
        }
        return conf.toString();
    }

    private static List<String> commandLine(long pid) throws IOException {
        String raw = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
        return List.of(raw.split("\0"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
