package io.jtunnel.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The program a service runs per connection ({@code exec}) with its arguments ({@code execArgs}, {@code $0} first;
 * the path alone when not set), and whether its stderr goes to jtunnel's stderr (when jtunnel logs there, {@code
 * foreground = yes}) or into the connection with its stdout, as stunnel does.
 */
public record ExecCommand(String path, List<String> args, boolean inheritStderr) {
    public ExecCommand {
        args = List.copyOf(args);
    }

    /** stunnel's {@code arg_alloc}: split on whitespace, no quoting and no escapes. */
    public static List<String> split(String execArgs) {
        List<String> args = new ArrayList<>();
        int i = 0;
        while (i < execArgs.length()) {
            while (i < execArgs.length() && isSpace(execArgs.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < execArgs.length() && !isSpace(execArgs.charAt(i))) {
                i++;
            }
            if (i > start) {
                args.add(execArgs.substring(start, i));
            }
        }
        return args;
    }

    /** C's isspace() in the "C" locale. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }
}
