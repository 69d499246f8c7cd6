package io.jtunnel.relay;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * Whether a loopback port still takes connections. A closed NIO listener may accept for a moment more: the JDK closes
 * a selector-registered socket only when its selector next runs, so tests poll instead of asking once.
 */
final class Listening {
    private Listening() {
    }

    /** Waits up to 10 s until connecting to {@code port} is refused; fails the test otherwise. */
    static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("port " + port + " still accepts connections");
                }
            } catch (ConnectException refused) {
                return;
            } catch (java.io.IOException other) {
                // reset by a listener that is going away: try again
            }
            Thread.sleep(10);
        }
    }
}
