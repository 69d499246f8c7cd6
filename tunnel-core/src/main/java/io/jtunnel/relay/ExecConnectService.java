package io.jtunnel.relay;

import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An exec+connect section (reference §4.5): no listener; at start-up (and after each reload) the program is started
 * and its stdin/stdout become the connection's local end, relayed to {@code connect} as an accepted socket would be
 * (TLS toward {@code connect} in client mode, TLS from the program in server mode). With {@code retry = yes} the
 * program and connection are started again 1 s after they end ({@code Retrying an exec+connect section}), with log
 * ids {@code n_0}, {@code n_1}, ... as stunnel's; a reload or a stop ends the retrying, not the running program.
 */
public final class ExecConnectService {
    private static final long RETRY_PAUSE_MILLIS = 1000;

    private final RelayService service;
    private final EventLoopGroup loops;
    private final String id;
    private final AtomicLong rounds = new AtomicLong();
    private volatile boolean retrying;

    public ExecConnectService(RelayService service, EventLoopGroup loops) {
        this.service = service;
        this.loops = loops;
        this.id = ConnectionIds.next(service.config().policy().logId(), service.connectionIds());
        this.retrying = service.config().retry();
    }

    /** Whether {@code channel} is the local end of an exec+connect section (counted as a connection when draining). */
    public static boolean isProgramEnd(Channel channel) {
        return channel.hasAttr(LocalEnd.LOG_ID) && channel.attr(LocalEnd.LOG_ID).get() != null;
    }

    /** Starts the program and its connection. */
    public void start(LogSink mainLog) {
        mainLog.log(LogLevel.DEBUG, "Starting exec+connect service [" + service.name() + "]");
        runOnce();
    }

    /** A reload or a stop: the running program goes on until its connection ends, but is not started again. */
    public void stopRetrying() {
        retrying = false;
    }

    private void runOnce() {
        String roundId = service.config().retry() ? id + "_" + rounds.getAndIncrement() : id;
        LogSink sink = service.log().sink(roundId);
        LogSink log = (level, text) -> {
            if (!service.stopping().get()) {
                sink.log(level, text);
            }
        };
        LoopbackBridge bridge;
        try {
            bridge = LoopbackBridge.open();
        } catch (IOException e) {
            log.log(LogLevel.ERR, "Cannot open a loopback socket for the local program: " + SocketErrors.describe(e));
            ended(null, log);
            return;
        }
        LocalProgram program = LocalProgram.start(service.config().exec().orElseThrow(), Map.of(), log);
        bridge.start(program.stdout(), program.stdin(), log);
        Bootstrap bootstrap = new Bootstrap()
            .group(loops)
            .channel(service.transport().socketChannel())
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .attr(LocalEnd.LOG_ID, roundId)
            .handler(new ServiceChannelInitializer(() -> service));
        SocketOptions.applyToLocal(bootstrap, service.config().policy().socketOptions(), service.transport());
        bootstrap.connect(bridge.address()).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                log.log(LogLevel.ERR, "s_connect: connect " + Addresses.format(bridge.address()) + ": "
                    + SocketErrors.describe(f.cause()));
                bridge.abandon();
                ended(program, log);
                return;
            }
            bridge.connected(f.channel().localAddress());
            f.channel().closeFuture().addListener(closed -> ended(program, log));
        });
    }

    private void ended(LocalProgram program, LogSink log) {
        if (program != null) {
            program.connectionEnded();
        }
        // read once: a reload may turn it off at any moment (stunnel does the same)
        if (!retrying || service.stopping().get()) {
            return;
        }
        log.log(LogLevel.INFO, "Retrying an exec+connect section");
        try {
            loops.next().schedule(() -> {
                if (retrying && !service.stopping().get()) {
                    runOnce();
                }
            }, RETRY_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // the event loops are shutting down
        }
    }
}
