package io.jtunnel.app.service;

/**
 * Windows paths built as strings, so that the command lines for a Windows host come out the same when they are
 * built (and tested) on Linux, where {@link java.nio.file.Path} would join with '/'.
 */
final class WindowsPaths {
    private WindowsPaths() {
    }

    static String join(String base, String... parts) {
        StringBuilder path = new StringBuilder(base);
        while (path.length() > 1 && (path.charAt(path.length() - 1) == '\\' || path.charAt(path.length() - 1) == '/')) {
            path.setLength(path.length() - 1);
        }
        for (String part : parts) {
            path.append('\\').append(part);
        }
        return path.toString();
    }
}
