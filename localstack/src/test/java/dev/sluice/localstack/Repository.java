package dev.sluice.localstack;

import java.nio.file.Path;

/** The Sluice checkout these tests run in (surefire sets {@code sluice.home}): the example project and the scripts. */
final class Repository {

    private Repository() {
    }

    static Path root() {
        String home = System.getProperty("sluice.home");
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("system property sluice.home is not set (surefire sets it to the checkout)");
        }
        return Path.of(home).toAbsolutePath().normalize();
    }
}
