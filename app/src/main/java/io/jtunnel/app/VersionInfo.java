package io.jtunnel.app;

/** jtunnel's version and platform, for the start-up banner and {@code -version}. */
final class VersionInfo {
    private VersionInfo() {
    }

    static String version() {
        String version = VersionInfo.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }

    static String banner() {
        return "jtunnel " + version() + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
            + ", Java " + Runtime.version() + " (stunnel 5.68 configuration compatible)";
    }
}
