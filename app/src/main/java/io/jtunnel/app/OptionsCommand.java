package io.jtunnel.app;

import io.jtunnel.config.OptionsTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jtunnel options}: every stunnel 5.68 option and what jtunnel does with it (the README's table). */
@Command(name = "options", mixinStandardHelpOptions = true,
    description = "List every stunnel 5.68 option with jtunnel's support and default, as a Markdown table.")
final class OptionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(OptionsTable.markdown());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
