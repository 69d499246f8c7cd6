package io.jtunnel.app;

import io.jtunnel.config.ConfigException;
import io.jtunnel.config.ConfigParser;
import io.jtunnel.config.ConfigReport;
import io.jtunnel.config.TunnelConfig;
import io.jtunnel.log.LogLevel;
import io.jtunnel.runtime.ServicePreparer;
import io.jtunnel.runtime.StartupException;
import io.jtunnel.tls.KeyMaterialException;
import io.jtunnel.tls.PassphraseSource;
import io.jtunnel.tls.TlsEngine;
import io.jtunnel.tls.TlsEngines;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jtunnel check}: everything a start checks (syntax, files readable, keys matching their certificates, CA
 * files) without binding a port; prints the effective configuration and warns about weak settings.
 */
@Command(name = "check", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Validate a stunnel.conf as a start would, without binding any port, and print the effective"
        + " configuration. Exit 0 when valid, 1 when not.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigSource config;

    @Mixin
    EngineOption engine;

    @Option(names = "--json", description = "print {\"global\": {...}, \"services\": [...]} with every option's"
        + " effective value")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StartupLog log = new StartupLog();
        TunnelConfig parsed;
        try {
            parsed = new ConfigParser(log).parse(config.file());
            TlsEngine tls = TlsEngines.select(engine.engine, log);
            // a pass phrase is never asked here: check must not block on a terminal
            new ServicePreparer(tls, PassphraseSource.none()).prepare(parsed, log);
        } catch (ConfigException e) {
            return failed(log, e.lines(), err);
        } catch (StartupException e) {
            return failed(log, e.lines(), err);
        } catch (KeyMaterialException e) {
            return failed(log, List.of(e.getMessage()), err);
        }
        log.warningsAndErrors().forEach(err::println);
        err.flush();
        out.print(json ? ConfigReport.json(parsed) : ConfigReport.text(parsed));
        out.flush();
        return 0;
    }

    private static int failed(StartupLog log, List<String> errors, PrintWriter err) {
        log.errors(errors);
        log.log(LogLevel.ERR, "Configuration failed");
        log.printErrorMode(err);
        return 1;
    }
}
