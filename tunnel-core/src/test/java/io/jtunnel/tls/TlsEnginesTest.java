package io.jtunnel.tls;

import io.jtunnel.log.RecordingLogSink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.log.LogSink;
import org.junit.jupiter.api.Test;

/** {@link TlsEngines#select}: auto prefers tcnative, which loads on Linux x86_64. */
class TlsEnginesTest {
    @Test
    void auto_picks_openssl_where_tcnative_loads() throws Exception {
        RecordingLogSink log = new RecordingLogSink();

        TlsEngine engine = TlsEngines.select("auto", log);

        assertThat(engine.name()).isEqualTo("openssl");
        assertThat(engine.description()).startsWith("netty-tcnative ");
        assertThat(log.lines()).noneMatch(line -> line.contains("not available"));
    }

    @Test
    void openssl_keeps_the_outbound_side_after_close_notify() throws Exception {
        assertThat(TlsEngines.select("openssl", LogSink.discard()).keepsOutboundAfterCloseNotify()).isTrue();
    }

    @Test
    void jdk_can_be_selected_case_insensitively() throws Exception {
        TlsEngine engine = TlsEngines.select("JDK", LogSink.discard());

        assertThat(engine.name()).isEqualTo("jdk");
        assertThat(engine.keepsOutboundAfterCloseNotify()).isFalse();
    }

    @Test
    void conscrypt_can_be_selected() throws Exception {
        TlsEngine engine = TlsEngines.select("conscrypt", LogSink.discard());

        assertThat(engine.name()).isEqualTo("conscrypt");
        assertThat(engine.description()).startsWith("Conscrypt ");
    }

    @Test
    void an_unknown_engine_is_a_clear_error_listing_the_choices() {
        assertThatThrownBy(() -> TlsEngines.select("gnutls", LogSink.discard()))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessage("Unknown TLS engine \"gnutls\" (expected one of auto, openssl, conscrypt, jdk)");
    }
}
