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
        assertThat(service.policy()).isEqualTo(new ConnectPolicy(Failover.PRIO, java.util.Optional.empty(), true,
            LogIdType.SEQUENTIAL));
    }

    @Test
    void options_are_read_case_insensitively() throws Exception {
        ServiceConfig service = parse(write(dir, "a.conf", BODY + "connect = 127.0.0.1:1344\nfailover = RR\n"
            + "local = 127.0.0.2\nreset = No\nlogId = UNIQUE\n")).services().get(0);
        assertThat(service.policy()).isEqualTo(new ConnectPolicy(Failover.RR,
            java.util.Optional.of(InetAddress.getByName("127.0.0.2")), false, LogIdType.UNIQUE));
    }

    @Test
    void delay_leaves_names_unresolved_and_forces_priority_order() throws Exception {
        ServiceConfig service = parse(write(dir, "a.conf", BODY + "connect = localhost:1344\n"
            + "connect = localhost:1345\nfailover = rr\ndelay = yes\n")).services().get(0);
        assertThat(service.connect()).allSatisfy(target -> assertThat(target.delayedLookup()).isTrue());
        assertThat(service.policy().failover()).isEqualTo(Failover.PRIO);
    }
}
