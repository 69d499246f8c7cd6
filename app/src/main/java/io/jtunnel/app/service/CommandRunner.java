package io.jtunnel.app.service;

import java.io.IOException;
import java.util.List;

/** Runs an external command (systemctl, prunsrv.exe, sc.exe) to its end and hands back its exit code and output. */
public interface CommandRunner {
    /**
     * @throws IOException when the command cannot be started at all (say, it does not exist)
     */
    Result run(List<String> command) throws IOException;

    /**
     * @param exitCode the command's exit code
     * @param output   what it wrote to stdout and stderr, merged
     */
    record Result(int exitCode, String output) {
        public List<String> lines() {
            return output.lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
