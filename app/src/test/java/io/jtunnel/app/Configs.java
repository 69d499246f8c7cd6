package io.jtunnel.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** stunnel.conf files for the tests, starting from the deployment guide's Linux section. */
final class Configs {
    static final String SERVICE = "microsoft-Cloud App Security";

    private Configs() {
    }

    /**
     * The guide's Linux configuration with ports and paths changed, {@code foreground = yes}, {@code syslog = no},
     * and {@code debug = info} so that the log tells when jtunnel accepts connections; {@code extraService} lines
     * are appended to the section.
     */
    static String seed(Pki pki, int acceptPort, int connectPort, String... extraService) {
        StringBuilder text = new StringBuilder()
            .append("foreground = yes\n")
            .append("syslog = no\n")
            .append("debug = info\n")
            .append("\n")
            .append("[").append(SERVICE).append("]\n")
            .append(section(pki, acceptPort, connectPort));
        for (String line : extraService) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    /** The option lines of the guide's section. */
    static String section(Pki pki, int acceptPort, int connectPort) {
        return "accept = 127.0.0.1:" + acceptPort + "\n"
            + "connect = 127.0.0.1:" + connectPort + "\n"
            + "cert = " + pki.serverCombined + "\n"
            + "CAfile = " + pki.caFile + "\n"
            + "TIMEOUTclose = 1\n"
            + "client = no\n";
    }

    static Path write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
