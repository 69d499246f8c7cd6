package io.jtunnel.app;

import io.jtunnel.certs.CertificateInputException;
import io.jtunnel.certs.CertificateReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jtunnel cert show FILE}: what an operator checks before uploading a certificate or after receiving one. */
@Command(name = "cert", mixinStandardHelpOptions = true, subcommands = CertCommand.Show.class,
    description = "Certificate utilities.")
final class CertCommand {

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the certificates in a PEM file:"
        + " subject, issuer, validity and days left, names, key, fingerprints, and whether a key in the file matches.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "a PEM file (cert.pem, stunnel-key.pem, a CA bundle)")
        Path file;

        @Override
        public Integer call() {
            try {
                spec.commandLine().getOut().print(CertificateReport.describe(file));
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IOException | CertificateInputException e) {
                spec.commandLine().getErr().println("jtunnel cert show: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            }
        }
    }
}
