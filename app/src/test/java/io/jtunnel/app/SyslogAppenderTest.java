package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import io.jtunnel.log.Log4jLevels;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.TunnelLogger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Syslog lines reach a real Unix datagram socket in syslog(3)'s format, with stunnel's level as the severity. */
@Timeout(30)
class SyslogAppenderTest {
    @TempDir
    Path dir;

    @Test
    void line_arrives_with_priority_ident_pid_and_stunnel_prefix() throws Exception {
        Path socket = dir.resolve("log.sock");
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel server = new Bootstrap().group(loop).channel(EpollDomainDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
                        received.add(packet.content().toString(StandardCharsets.UTF_8));
                    }
                }).bind(new DomainSocketAddress(socket.toString())).sync().channel();
            try (SyslogTarget target = SyslogTarget.open(socket)) {
                assertThat(target.available()).isTrue();
                SyslogAppender appender = new SyslogAppender(target, "local3", "jtunnel");
                appender.append(event(LogLevel.NOTICE, "[7]: Service [icap] accepted connection from 1.2.3.4:5"));
                appender.append(event(LogLevel.ERR, "[7]: SSL_accept: peer did not return a certificate"));

                String notice = received.poll(10, TimeUnit.SECONDS);
                String error = received.poll(10, TimeUnit.SECONDS);
                long pid = ProcessHandle.current().pid();
                // local3 = 19; priority = facility * 8 + severity
                assertThat(notice).matches("<157>[A-Z][a-z]{2} [ 1-3][0-9] \\d\\d:\\d\\d:\\d\\d jtunnel\\[" + pid
                    + "\\]: LOG5\\[7\\]: Service \\[icap\\] accepted connection from 1\\.2\\.3\\.4:5");
                assertThat(error).startsWith("<155>").endsWith("LOG3[7]: SSL_accept: peer did not return a certificate");
            }
            server.close().sync();
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void missing_socket_makes_syslog_unavailable_with_a_reason() {
        SyslogTarget target = SyslogTarget.open(dir.resolve("no-such-socket"));
        assertThat(target.available()).isFalse();
        assertThat(target.unavailableReason()).contains("does not exist");
    }

    @Test
    void facility_codes_follow_syslog_h() {
        assertThat(SyslogAppender.facilityCode("daemon")).isEqualTo(3);
        assertThat(SyslogAppender.facilityCode("auth")).isEqualTo(4);
        assertThat(SyslogAppender.facilityCode("local0")).isEqualTo(16);
        assertThat(SyslogAppender.facilityCode("local7")).isEqualTo(23);
    }

    private static LogEvent event(LogLevel level, String text) {
        return Log4jLogEvent.newBuilder().setLoggerName(TunnelLogger.LOGGER_NAME).setLevel(Log4jLevels.of(level))
            .setMessage(new SimpleMessage(text)).setTimeMillis(System.currentTimeMillis()).build();
    }
}
