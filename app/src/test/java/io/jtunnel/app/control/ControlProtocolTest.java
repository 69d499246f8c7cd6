package io.jtunnel.app.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ControlProtocolTest {
    @Test
    void replies_survive_the_wire() {
        for (ControlReply reply : new ControlReply[] {ControlReply.success(), ControlReply.success("Log file reopened"),
            ControlReply.error("a", "b"), ControlReply.error("line one\nline two")}) {
            assertThat(ControlProtocol.decode(ControlProtocol.encode(reply))).isEqualTo(reply);
        }
    }

    @Test
    void wire_format_is_ok_or_error_lines() {
        assertThat(new String(ControlProtocol.encode(ControlReply.success()), StandardCharsets.UTF_8))
            .isEqualTo("ok\n");
        assertThat(new String(ControlProtocol.encode(ControlReply.error("bad", "worse")), StandardCharsets.UTF_8))
            .isEqualTo("error: bad\nerror: worse\n");
    }

    @Test
    void an_empty_reply_is_a_failure() {
        assertThat(ControlProtocol.decode(new byte[0]))
            .isEqualTo(ControlReply.error("jtunnel closed the control connection without a reply"));
    }

    @Test
    void the_request_line_loses_its_line_end() {
        assertThat(ControlProtocol.requestLine("reload\r\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("reload");
        assertThat(ControlProtocol.requestLine("exit".getBytes(StandardCharsets.UTF_8))).isEqualTo("exit");
    }
}
