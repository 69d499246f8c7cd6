package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SubcommandsTest {
    private static final String[] ALL = {"check", "options", "gencert", "cert", "selftest", "service"};

    @Test
    void helpListsEverySubcommand() {
        CommandLine commandLine = new CommandLine(new JtunnelCommand());
        Subcommands.addTo(commandLine, "--help");
        assertThat(commandLine.getSubcommands()).containsOnlyKeys(ALL);
        StringWriter usage = new StringWriter();
        commandLine.usage(new PrintWriter(usage));
        assertThat(usage.toString()).contains("Commands:", "gencert", "selftest", "service");
    }

    @Test
    void noArgumentsAddsEverySubcommandForTheUsage() {
        CommandLine commandLine = new CommandLine(new JtunnelCommand());
        Subcommands.addTo(commandLine);
        assertThat(commandLine.getSubcommands()).containsOnlyKeys(ALL);
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneAddedAndRuns() {
        CommandLine commandLine = new CommandLine(new JtunnelCommand());
        Subcommands.addTo(commandLine, "options");
        assertThat(commandLine.getSubcommands()).containsOnlyKeys("options");
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        assertThat(commandLine.execute("options")).isZero();
        assertThat(out.toString()).contains("| `accept` |");
    }

    @Test
    void aSubcommandAfterMainOptionsIsStillOne() {
        CommandLine commandLine = new CommandLine(new JtunnelCommand());
        Subcommands.addTo(commandLine, "--tls-engine", "jdk", "options");
        assertThat(commandLine.getSubcommands()).containsOnlyKeys("options");
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        assertThat(commandLine.execute("--tls-engine", "jdk", "options")).isZero();
        assertThat(out.toString()).contains("| `accept` |");
    }

    @Test
    void aTunnelRunGetsNoSubcommand() {
        CommandLine commandLine = new CommandLine(new JtunnelCommand());
        Subcommands.addTo(commandLine, "-c", "/etc/jtunnel/stunnel.conf");
        assertThat(commandLine.getSubcommands()).isEmpty();
        Subcommands.addTo(commandLine, "/etc/jtunnel/stunnel.conf");
        assertThat(commandLine.getSubcommands()).isEmpty();
    }
}
