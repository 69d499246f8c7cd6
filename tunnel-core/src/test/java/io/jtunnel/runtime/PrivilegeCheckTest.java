package io.jtunnel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.config.ConfigParser;
import io.jtunnel.config.TunnelConfig;
import io.jtunnel.log.LogSink;
import io.jtunnel.log.RecordingLogSink;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** setuid/setgid from a stunnel.conf, judged against the user jtunnel was started as. */
class PrivilegeCheckTest {
    @TempDir
    Path dir;

    private final RecordingLogSink log = new RecordingLogSink();

    private TunnelConfig parse(String global) throws Exception {
        Path file = dir.resolve("stunnel.conf");
        Files.writeString(file, global + "[svc]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:1\nclient = yes\n");
        return new ConfigParser(LogSink.discard()).parse(file);
    }

    @Test
    void root_with_setuid_refuses_to_start_and_says_what_to_do() throws Exception {
        TunnelConfig config = parse("setuid = stunnel4\nsetgid = stunnel4\n");

        assertThatThrownBy(() -> PrivilegeCheck.check(config, "root", log))
            .isInstanceOf(StartupException.class)
            .hasMessageContaining("setuid = stunnel4, setgid = stunnel4: jtunnel cannot drop root privileges itself")
            .hasMessageContaining("Start it as stunnel4 instead (systemd: User=/Group=");
    }

    @Test
    void root_with_only_setgid_refuses_too() throws Exception {
        TunnelConfig config = parse("setgid = nogroup\n");

        assertThatThrownBy(() -> PrivilegeCheck.check(config, "root", log))
            .isInstanceOf(StartupException.class).hasMessageContaining("Start it as an unprivileged user");
    }

    @Test
    void another_unprivileged_user_runs_with_a_notice() throws Exception {
        PrivilegeCheck.check(parse("setuid = stunnel4\n"), "jtunnel", log);

        assertThat(log.lines()).containsExactly(
            "NOTICE setuid = stunnel4: jtunnel does not switch users; it runs unprivileged as jtunnel");
    }

    @Test
    void the_named_user_itself_runs_quietly() throws Exception {
        PrivilegeCheck.check(parse("setuid = stunnel4\n"), "stunnel4", log);

        assertThat(log.lines()).containsExactly("INFO setuid = stunnel4: running as stunnel4, not root");
    }

    @Test
    void without_the_options_root_is_not_judged() throws Exception {
        PrivilegeCheck.check(parse(""), "root", log);

        assertThat(log.lines()).isEmpty();
    }
}
