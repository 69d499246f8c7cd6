package io.jtunnel.app.control;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Control actions that remember what they were asked and answer with set replies. */
class RecordingActions implements ControlActions {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile ControlReply reloadReply = ControlReply.success("Configuration successful");

    @Override
    public ControlReply reload() {
        calls.add("reload");
        return reloadReply;
    }

    @Override
    public ControlReply reopenLog() {
        calls.add("reopen");
        return ControlReply.success("Log file reopened");
    }

    @Override
    public ControlReply terminate() {
        calls.add("terminate");
        return ControlReply.success();
    }
}
