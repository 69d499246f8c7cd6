package io.jtunnel.app.service;

import io.jtunnel.app.control.ControlException;
import io.jtunnel.app.control.ControlReply;
import java.nio.file.Path;

/** Delivers a control request to a running jtunnel; {@link io.jtunnel.app.control.ControlClient#send} does it. */
@FunctionalInterface
interface ControlSender {
    ControlReply send(Path controlDir, Path configFile, String command) throws ControlException;
}
