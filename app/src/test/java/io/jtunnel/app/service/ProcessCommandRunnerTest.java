package io.jtunnel.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessCommandRunnerTest {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void returns_the_exit_code_and_both_outputs() throws IOException {
        CommandRunner.Result result = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.lines()).containsExactlyInAnyOrder("out", "err");
    }

    @Test
    void the_command_reads_an_empty_input() throws IOException {
        assertThat(runner.run(List.of("cat")).exitCode()).isZero();
    }

    @Test
    void a_missing_program_is_an_exception() {
        assertThatThrownBy(() -> runner.run(List.of("/nonexistent/prunsrv.exe"))).isInstanceOf(IOException.class);
    }
}
