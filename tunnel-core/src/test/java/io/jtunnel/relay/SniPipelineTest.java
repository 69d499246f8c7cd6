package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.config.ConfigParser;
import io.jtunnel.config.TunnelConfig;
import io.jtunnel.log.LogSink;
import io.jtunnel.log.TunnelLogger;
import io.jtunnel.runtime.PreparedService;
import io.jtunnel.runtime.ServicePreparer;
import io.jtunnel.tls.PassphraseSource;
import io.jtunnel.tls.TlsEngines;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The accepted connection's pipeline: a service without virtual services has no SNI handler (the path stays as it
 * was); with them the SNI handler stands in TLS's place until the ClientHello arrives, then the selected service's
 * TLS handler (behind the close_notify interceptor where its engine needs one) takes that place.
 */
class SniPipelineTest {
    @TempDir
    Path dir;

    private List<RelayService> services(String engine, String sections) throws Exception {
        TestPki pki = new TestPki(dir);
        Path file = dir.resolve("pipeline.conf");
        Files.writeString(file, "[svc]\naccept = 127.0.0.1:0\ncert = " + pki.serverPem + "\nconnect = 127.0.0.1:9\n"
            + sections.replace("CERT", pki.serverPem.toString()));
        TunnelConfig config = new ConfigParser(LogSink.discard()).parse(file);
        List<PreparedService> prepared = new ServicePreparer(TlsEngines.select(engine, LogSink.discard()),
            PassphraseSource.none()).prepare(config, LogSink.discard());
        return prepared.stream().map(p -> new RelayService(p.config(), p.tls(), new TunnelLogger(p.config().debug()),
            Transport.best(), new AtomicLong(), new DefaultChannelGroup(GlobalEventExecutor.INSTANCE),
            new AtomicBoolean())).toList();
    }

    private static List<String> names(EmbeddedChannel channel) {
        return channel.pipeline().names().stream().filter(name -> !name.startsWith("DefaultChannelPipeline")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void without_virtual_services_there_is_no_sni_handler(String engine) throws Exception {
        RelayService primary = services(engine, "").get(0);

        EmbeddedChannel channel = new EmbeddedChannel(new ServiceChannelInitializer(() -> primary));

        assertThat(names(channel)).doesNotContain(PipelineNames.SNI).contains(PipelineNames.PLAIN_HTTP_DETECTOR,
            PipelineNames.TLS, PipelineNames.TLS_RELAY);
        channel.finishAndReleaseAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void the_client_hello_puts_the_selected_services_tls_in_the_sni_handlers_place(String engine) throws Exception {
        List<RelayService> all = services(engine, "[alpha]\nsni = svc:alpha.example.com\ncert = CERT\n"
            + "connect = 127.0.0.1:9\n");
        RelayService primary = new RelayService(all.get(0).config(), all.get(0).tls(), all.get(0).log(),
            Transport.best(), new AtomicLong(), new DefaultChannelGroup(GlobalEventExecutor.INSTANCE),
            new AtomicBoolean(), List.of(new RelayService.Virtual(all.get(1).config().virtualService().orElseThrow(),
                all.get(1))));

        EmbeddedChannel channel = new EmbeddedChannel(new ServiceChannelInitializer(() -> primary));

        assertThat(names(channel)).containsExactly(PipelineNames.PLAIN_HTTP_DETECTOR, PipelineNames.SNI,
            PipelineNames.TLS_RELAY);

        channel.writeInbound(Unpooled.wrappedBuffer(clientHello("alpha.example.com")));

        boolean interceptor = !all.get(1).tls().engine().keepsOutboundAfterCloseNotify();
        assertThat(names(channel)).containsExactlyElementsOf(interceptor
            ? List.of(PipelineNames.CLOSE_NOTIFY_INTERCEPTOR, PipelineNames.TLS, PipelineNames.TLS_RELAY)
            : List.of(PipelineNames.TLS, PipelineNames.TLS_RELAY));
        assertThat(channel.outboundMessages()).as("the selected TLS handler answered the ClientHello").isNotEmpty();
        channel.finishAndReleaseAll();
    }

    /** The first flight of a JDK client that sends {@code serverName} as SNI. */
    private static byte[] clientHello(String serverName) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine client = context.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        SSLParameters parameters = client.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        client.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        client.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains(serverName);
        return bytes;
    }
}
