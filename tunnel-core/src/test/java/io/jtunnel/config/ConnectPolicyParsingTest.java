package io.jtunnel.config;

import static io.jtunnel.config.Configs.parse;
import static io.jtunnel.config.Configs.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** failover, delay, local, reset and logId as stunnel reads them. */
class ConnectPolicyParsingTest {
    private static final String BODY = "[svc]\naccept = 127.0.0.1:29991\ncert = /nonexistent/server.pem\n";

    @TempDir
    Path dir;

    @Test
    void defaults_are_stunnels() throws Exception {
        ServiceConfig service = parse(write(dir, "a.conf", BODY + "connect = 127.0.0.1:1344\n")).services().get(0);
        ConnectPolicy policy = service.policy();
        assertThat(policy.failover()).isEqualTo(Failover.PRIO);
        assertThat(policy.local()).isEmpty();
        assertThat(policy.reset()).isTrue();
        assertThat(policy.logId()).isEqualTo(LogIdType.SEQUENTIAL);
        assertThat(policy.socketOptions()).extracting(SocketOption::toString)
            .containsExactly("a:SO_REUSEADDR=yes", "l:TCP_NODELAY=yes", "r:TCP_NODELAY=yes");
    }

    @Test
    void options_are_read_case_insensitively() throws Exception {
        ServiceConfig service = parse(write(dir, "a.conf", BODY + "connect = 127.0.0.1:1344\nfailover = RR\n"
            + "local = 127.0.0.2\nreset = No\nlogId = UNIQUE\n")).services().get(0);
        ConnectPolicy policy = service.policy();
        assertThat(policy.failover()).isEqualTo(Failover.RR);
        assertThat(policy.local()).contains(InetAddress.getByName("127.0.0.2"));
        assertThat(policy.reset()).isFalse();
        assertThat(policy.logId()).isEqualTo(LogIdType.UNIQUE);
    }

    @Test
    void socket_options_follow_stunnels_defaults_and_a_later_setting_wins() throws Exception {
        ServiceConfig service = parse(write(dir, "a.conf", "socket = r:SO_KEEPALIVE=1\n" + BODY
            + "connect = 127.0.0.1:1344\nsocket = l:TCP_NODELAY=no\nsocket = l:SO_LINGER=1:5\n"
            + "socket = a:SO_RCVBUF=65536\nsocket = r:SO_KEEPALIVE=no\n")).services().get(0);
        assertThat(service.policy().socketOptions()).extracting(SocketOption::toString).containsExactly(
            "a:SO_REUSEADDR=yes", "r:TCP_NODELAY=yes", "l:TCP_NODELAY=no", "l:SO_LINGER=1:5", "a:SO_RCVBUF=65536",
            "r:SO_KEEPALIVE=no");
        assertThat(service.policy().socketOptions(SocketOption.Target.LOCAL))
            .filteredOn(o -> o.name().equals("SO_LINGER")).extracting(SocketOption::lingerSeconds).containsExactly(5);
    }

    @Test
    void socket_option_without_a_jvm_equivalent_is_rejected_by_name() throws Exception {
        Path file = write(dir, "a.conf", BODY + "connect = 127.0.0.1:1344\nsocket = l:SO_DEBUG=yes\n");
        assertThat(Configs.errorLines(file)).singleElement().asString()
            .endsWith("Socket option SO_DEBUG is not supported by jtunnel (no equivalent for the JVM's non-blocking"
                + " sockets)");
    }

    @Test
    void delay_leaves_names_unresolved_and_forces_priority_order() throws Exception {
        ServiceConfig service = parse(write(dir, "a.conf", BODY + "connect = localhost:1344\n"
            + "connect = localhost:1345\nfailover = rr\ndelay = yes\n")).services().get(0);
        assertThat(service.connect()).allSatisfy(target -> assertThat(target.delayedLookup()).isTrue());
        assertThat(service.policy().failover()).isEqualTo(Failover.PRIO);
    }

    @Test
    void tls_options_start_from_stunnels_defaults_and_apply_in_order() throws Exception {
        ServiceConfig service = parse(write(dir, "a.conf", "options = no_tlsv1\n" + BODY
            + "connect = 127.0.0.1:1344\noptions = NO_TICKET\noptions = -NO_TICKET\noptions = -NO_SSLv2\n"
            + "options = SINGLE_DH_USE\n")).services().get(0);
        assertThat(service.tlsOptions().set()).containsExactlyInAnyOrder("NO_SSLv3", "NO_TLSv1", "SINGLE_DH_USE");
        assertThat(service.tlsOptions().excludes(TlsVersion.TLSV1)).isTrue();
        assertThat(service.tlsOptions().excludes(TlsVersion.TLSV1_2)).isFalse();
    }
}
