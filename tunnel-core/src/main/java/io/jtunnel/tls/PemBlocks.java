package io.jtunnel.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openssl.PEMParser;

/**
 * Every PEM object in a file, in file order, read with BouncyCastle. Blocks BouncyCastle cannot interpret
 * (DH parameters, unknown labels) are skipped, as stunnel skips non-certificate blocks in a {@code cert} file.
 */
final class PemBlocks {
    private PemBlocks() {
    }

    static List<Object> read(Path file) throws IOException {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            while (true) {
                Object object;
                try {
                    object = parser.readObject();
                } catch (IOException unreadableBlock) {
                    continue; // the parser has consumed the block; go on with the next one
                }
                if (object == null) {
                    return objects;
                }
                objects.add(object);
            }
        }
    }
}
