package io.jtunnel.app.control;

/**
 * What the control socket may ask of the running tunnel: the same as HUP, USR1 and TERM do on Unix. Each call
 * returns once the action is done (terminate: once it is under way) and says how it went; it is called from a
 * control connection's thread.
 */
public interface ControlActions {
    /** Reads the configuration again; the reply lists the reasons when the old configuration stays. */
    ControlReply reload();

    /** Closes and reopens the log file. */
    ControlReply reopenLog();

    /** Starts stopping the tunnel, as TERM does, and returns without waiting for the end. */
    ControlReply terminate();
}
