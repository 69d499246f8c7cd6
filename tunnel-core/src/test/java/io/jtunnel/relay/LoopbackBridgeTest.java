package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.log.RecordingLogSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loopback bridge between a stream pair and the relay's socket, with plain sockets standing for the Netty side:
 * only the announced connection is served, both directions flow and end as stunnel's descriptors do.
 */
@Timeout(30)
class LoopbackBridgeTest {

    @Test
    void a_connection_from_another_address_is_refused_and_the_announced_one_served() throws Exception {
        RecordingLogSink log = new RecordingLogSink();
        ByteArrayOutputStream toProgram = new ByteArrayOutputStream();
        try (LoopbackBridge bridge = LoopbackBridge.open();
             Socket intruder = new Socket(InetAddress.getLoopbackAddress(), bridge.address().getPort());
             Socket relay = new Socket(InetAddress.getLoopbackAddress(), bridge.address().getPort())) {
            bridge.start(new ByteArrayInputStream("from the program".getBytes(StandardCharsets.US_ASCII)), toProgram,
                log);
            bridge.connected(relay.getLocalSocketAddress());
            intruder.setSoTimeout(10_000);
            relay.setSoTimeout(10_000);

            assertThat(intruder.getInputStream().read()).as("the intruder's connection is closed").isEqualTo(-1);
            assertThat(new String(relay.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                .isEqualTo("from the program"); // then a FIN: the program's output ended
            relay.getOutputStream().write("to the program".getBytes(StandardCharsets.US_ASCII));
            relay.shutdownOutput();
            bridge.delivered().get(10, TimeUnit.SECONDS);

            assertThat(toProgram.toString(StandardCharsets.US_ASCII)).isEqualTo("to the program");
            assertThat(log.lines()).singleElement().asString()
                .startsWith("WARNING Rejected a connection from 127.0.0.1:" + intruder.getLocalPort())
                .endsWith("only 127.0.0.1:" + relay.getLocalPort() + " may connect");
        }
    }

    @Test
    void bytes_for_a_program_that_stopped_reading_are_dropped_so_its_output_still_flows() throws Exception {
        OutputStream closedStdin = new OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
            }
        };
        java.io.PipedOutputStream programWrites = new java.io.PipedOutputStream();
        java.io.PipedInputStream programStdout = new java.io.PipedInputStream(programWrites, 64 * 1024);
        try (LoopbackBridge bridge = LoopbackBridge.open();
             Socket relay = new Socket(InetAddress.getLoopbackAddress(), bridge.address().getPort())) {
            bridge.start(programStdout, closedStdin, new RecordingLogSink());
            bridge.connected(relay.getLocalSocketAddress());
            relay.setSoTimeout(10_000);

            relay.getOutputStream().write(new byte[256 * 1024]); // more than any socket buffer holds
            programWrites.write("still answering".getBytes(StandardCharsets.US_ASCII));
            programWrites.close();

            assertThat(new String(relay.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                .isEqualTo("still answering");
        }
    }

    @Test
    void abandoning_closes_the_output_stream() throws Exception {
        boolean[] closed = new boolean[1];
        OutputStream stdin = new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        LoopbackBridge bridge = LoopbackBridge.open();
        bridge.start(new ByteArrayInputStream(new byte[0]), stdin, new RecordingLogSink());
        bridge.abandon();

        bridge.delivered().get(10, TimeUnit.SECONDS);
        assertThat(closed[0]).isTrue();
    }
}
