package io.jtunnel.app.service;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Records the command lines instead of running them, and answers with queued results (exit 0 by default). */
final class RecordingRunner implements CommandRunner {
    final List<List<String>> commands = new ArrayList<>();
    private final Deque<Result> results = new ArrayDeque<>();
    private IOException failure;

    RecordingRunner answer(int exitCode, String output) {
        results.add(new Result(exitCode, output));
        return this;
    }

    RecordingRunner failWith(IOException e) {
        failure = e;
        return this;
    }

    @Override
    public Result run(List<String> command) throws IOException {
        commands.add(List.copyOf(command));
        if (failure != null) {
            throw failure;
        }
        return results.isEmpty() ? new Result(0, "") : results.poll();
    }
}
