package io.jtunnel.app.control;

import java.util.Arrays;
import java.util.List;

/**
 * The answer to one control request: whether it worked, and the lines that say what happened (for a failed reload,
 * the reasons, as the log has them).
 *
 * @param ok    true when the request was carried out
 * @param lines what happened, one message a line; may be empty
 */
public record ControlReply(boolean ok, List<String> lines) {
    public ControlReply {
        lines = lines.stream().flatMap(String::lines).toList();
    }

    public static ControlReply success(String... lines) {
        return new ControlReply(true, Arrays.asList(lines));
    }

    public static ControlReply error(String... lines) {
        return new ControlReply(false, Arrays.asList(lines));
    }

    public static ControlReply error(List<String> lines) {
        return new ControlReply(false, lines);
    }
}
