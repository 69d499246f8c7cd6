package io.jtunnel.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The plain ICAP-like appliance behind the tunnel, a process of its own (so its descriptors and CPU are counted apart
 * from the generator's). OPTIONS gets a fixed answer; REQMOD's body is read and answered with 256 bytes; UPLOAD's body
 * is checksummed (CRC32C) and answered with the byte count and checksum. Connections stay open until the tunnel closes
 * them. Usage: {@code Upstream PORT} (prints "ready" when listening).
 */
public final class Upstream {
    private static final ByteBuf OPTIONS = Unpooled.unreleasableBuffer(Unpooled.directBuffer()
        .writeBytes(Icap.OPTIONS_RESPONSE.getBytes(StandardCharsets.US_ASCII)));
    private static final ByteBuf RESPONSE = Unpooled.unreleasableBuffer(Unpooled.directBuffer()
        .writeBytes(Icap.response()));

    private Upstream() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Channel server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new Session());
                }
            }).bind("127.0.0.1", port).sync().channel();
        System.out.println("ready");
        System.out.flush();
        server.closeFuture().sync();
    }

    /** One connection's parser: header block, then an optional body of X-Bench-Length bytes. */
    static final class Session extends ChannelInboundHandlerAdapter {
        private final StringBuilder header = new StringBuilder();
        private int crlfMatched;
        private long bodyLeft = -1; // -1: reading a header
        private boolean upload;
        private long bodyBytes;
        private final CRC32C crc = new CRC32C();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                while (in.isReadable()) {
                    if (bodyLeft < 0) {
                        readHeader(ctx, in);
                    } else {
                        readBody(ctx, in);
                    }
                }
            } finally {
                in.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        private void readHeader(ChannelHandlerContext ctx, ByteBuf in) {
            while (in.isReadable()) {
                byte b = in.readByte();
                header.append((char) b);
                crlfMatched = (b == (crlfMatched % 2 == 0 ? '\r' : '\n')) ? crlfMatched + 1 : (b == '\r' ? 1 : 0);
                if (crlfMatched == 4) {
                    crlfMatched = 0;
                    String block = header.toString();
                    header.setLength(0);
                    startBody(ctx, block);
                    return;
                }
            }
        }

        private void startBody(ChannelHandlerContext ctx, String block) {
            if (block.startsWith("OPTIONS ")) {
                ctx.write(OPTIONS.duplicate());
                return;
            }
            String length = Icap.header(block, Icap.BODY_LENGTH);
            bodyLeft = length == null ? 0 : Long.parseLong(length);
            upload = block.startsWith("UPLOAD ");
            bodyBytes = 0;
            crc.reset();
            if (bodyLeft == 0) {
                endBody(ctx);
            }
        }

        private void readBody(ChannelHandlerContext ctx, ByteBuf in) {
            int n = (int) Math.min(bodyLeft, in.readableBytes());
            if (upload) {
                crc.update(in.nioBuffer(in.readerIndex(), n));
            }
            in.skipBytes(n);
            bodyLeft -= n;
            bodyBytes += n;
            if (bodyLeft == 0) {
                endBody(ctx);
            }
        }

        private void endBody(ChannelHandlerContext ctx) {
            bodyLeft = -1;
            if (upload) {
                ctx.write(Unpooled.copiedBuffer(Icap.uploadResponse(bodyBytes, (int) crc.getValue()),
                    StandardCharsets.US_ASCII));
            } else {
                ctx.write(RESPONSE.duplicate());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
