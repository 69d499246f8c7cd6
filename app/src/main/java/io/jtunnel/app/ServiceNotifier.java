package io.jtunnel.app;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Tells the service manager where the tunnel stands: ready (every listener bound), reloading, stopping. Under
 * systemd ({@code Type=notify}) this is sd_notify(3); elsewhere nothing is told.
 */
interface ServiceNotifier extends AutoCloseable {
    /** Listeners are bound and the configuration is in force (after start and after each reload). */
    void ready(String status);

    /** A reload has begun; {@link #ready} follows when it ended, whether it worked or not. */
    void reloading();

    /** The tunnel stops: no new connections, open ones drain. */
    void stopping(String status);

    @Override
    void close();

    /** systemd's notifier when {@code NOTIFY_SOCKET} is set, else one that tells nobody. */
    static ServiceNotifier fromEnvironment(Map<String, String> environment, Consumer<String> warn) {
        String socket = environment.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return none();
        }
        try {
            return SystemdNotifier.open(socket, warn);
        } catch (Exception e) {
            warn.accept("Cannot notify systemd at NOTIFY_SOCKET=" + socket + ": " + e.getMessage());
            return none();
        }
    }

    static ServiceNotifier none() {
        return new ServiceNotifier() {
            @Override
            public void ready(String status) {
            }

            @Override
            public void reloading() {
            }

            @Override
            public void stopping(String status) {
            }

            @Override
            public void close() {
            }
        };
    }
}
