package io.jtunnel.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import io.jtunnel.certs.KeyType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Tls12CloseNotifyInterceptor} in front of a JDK server engine, with a real in-memory TLS handshake. */
class Tls12CloseNotifyInterceptorTest {
    private static final CertificateBundle SERVER = new CertificateBuilder().subject("CN=localhost")
        .keyType(KeyType.EC_P256).dnsName("localhost").build();

    private EmbeddedChannel client;
    private EmbeddedChannel server;
    private SslHandler serverTls;
    private final List<Object> events = new ArrayList<>();
    private final StringBuilder received = new StringBuilder();

    @AfterEach
    void close() {
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    private void connect(String protocol) throws Exception {
        SslContext serverContext = SslContextBuilder.forServer(SERVER.privateKey(), SERVER.certificate())
            .sslProvider(SslProvider.JDK).protocols(protocol).build();
        SslContext clientContext = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols(protocol)
            .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        server = new EmbeddedChannel();
        serverTls = serverContext.newHandler(server.alloc());
        server.pipeline().addLast("tls", serverTls);
        server.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf data = (ByteBuf) msg;
                received.append(data.toString(StandardCharsets.US_ASCII));
                data.release();
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                events.add(event);
            }
        });
        server.pipeline().addBefore("tls", "interceptor", new Tls12CloseNotifyInterceptor(serverTls));
        client = new EmbeddedChannel(clientContext.newHandler(ByteBufAllocator.DEFAULT, "localhost", 443));
        for (int i = 0; i < 20 && !(serverTls.handshakeFuture().isDone()
            && client.pipeline().get(SslHandler.class).handshakeFuture().isDone()); i++) {
            pump(client, server);
            pump(server, client);
        }
        assertThat(serverTls.handshakeFuture().isSuccess()).isTrue();
        assertThat(serverTls.engine().getSession().getProtocol()).isEqualTo(protocol);
    }

    private static void pump(EmbeddedChannel from, EmbeddedChannel to) {
        ByteBuf data;
        while ((data = from.readOutbound()) != null) {
            to.writeInbound(data);
        }
    }

    /** Everything the client has written so far, as one buffer. */
    private ByteBuf clientBytes() {
        ByteBuf all = Unpooled.buffer();
        ByteBuf data;
        while ((data = client.readOutbound()) != null) {
            all.writeBytes(data);
            data.release();
        }
        return all;
    }

    @Test
    void tls12_close_notify_after_data_in_one_buffer_delivers_the_data_and_fires_peer_closed() throws Exception {
        connect("TLSv1.2");
        client.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII));
        client.close();

        server.writeInbound(clientBytes());

        assertThat(received.toString()).isEqualTo("hello");
        assertThat(events).containsOnlyOnce(Tls12CloseNotifyInterceptor.PeerClosedEvent.INSTANCE);
        assertThat(serverTls.engine().isInboundDone()).as("the engine never saw the close_notify").isFalse();
        assertThat(serverTls.engine().isOutboundDone()).as("the server can still answer").isFalse();
    }

    @Test
    void tls12_close_notify_arriving_byte_by_byte_is_held_back_too() throws Exception {
        connect("TLSv1.2");
        client.close();
        ByteBuf alert = clientBytes();

        while (alert.isReadable()) {
            server.writeInbound(alert.readRetainedSlice(1));
        }
        alert.release();

        assertThat(events).containsOnlyOnce(Tls12CloseNotifyInterceptor.PeerClosedEvent.INSTANCE);
        assertThat(serverTls.engine().isInboundDone()).isFalse();
        assertThat(serverTls.engine().isOutboundDone()).isFalse();
    }

    @Test
    void tls13_removes_itself_and_leaves_alerts_to_the_engine() throws Exception {
        connect("TLSv1.3");
        client.writeAndFlush(Unpooled.copiedBuffer("hi", StandardCharsets.US_ASCII));

        server.writeInbound(clientBytes());

        assertThat(received.toString()).isEqualTo("hi");
        assertThat(server.pipeline().get(Tls12CloseNotifyInterceptor.class)).isNull();
        assertThat(events).doesNotContain(Tls12CloseNotifyInterceptor.PeerClosedEvent.INSTANCE);
    }
}
