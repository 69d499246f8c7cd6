package io.jtunnel.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Looks at the first bytes a client sends and notes whether they are a plain HTTP request, then leaves the pipeline.
 * The native TLS engine reports such a connection only as "not an SSL/TLS record"; with this, the log says
 * {@code http request} as stunnel does, the most common mistake users make with a TLS port.
 */
final class PlainHttpDetector extends ChannelInboundHandlerAdapter {
    static final AttributeKey<Boolean> PLAIN_HTTP = AttributeKey.valueOf("jtunnel.plainHttp");
    private static final List<String> METHODS = List.of("GET ", "POST", "HEAD", "PUT ", "OPTI", "DELE", "CONN", "PATC");

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf in && in.readableBytes() >= 4) {
            String start = in.toString(in.readerIndex(), 4, StandardCharsets.ISO_8859_1);
            ctx.channel().attr(PLAIN_HTTP).set(METHODS.contains(start));
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }
}
