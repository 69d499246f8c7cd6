package io.jtunnel.app.service;

/** Holds the platform of this JVM, decided once (an interface cannot hold a private constant). */
final class CurrentPlatform {
    static final Platform INSTANCE = Platform.of(System::getProperty);

    private CurrentPlatform() {
    }
}
