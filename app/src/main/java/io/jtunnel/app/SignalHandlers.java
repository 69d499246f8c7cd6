package io.jtunnel.app;

import sun.misc.Signal;

/**
 * Unix signals as stunnel handles them: TERM and INT end the process cleanly, HUP asks for a reload, USR1 reopens
 * the log file. The handlers only hand the work to the given actions; unknown signals (Windows) are skipped.
 */
final class SignalHandlers {
    private SignalHandlers() {
    }

    static void install(Runnable terminate, Runnable reload, Runnable reopenLog) {
        handle("TERM", terminate);
        handle("INT", terminate);
        handle("HUP", reload);
        handle("USR1", reopenLog);
    }

    private static void handle(String name, Runnable action) {
        try {
            Signal.handle(new Signal(name), signal -> action.run());
        } catch (IllegalArgumentException unsupported) {
            // this platform has no such signal (Windows): the service wrapper stops jtunnel instead
        }
    }
}
