package dev.sluice.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where Sluice itself lives (the checkout holding the {@code sluice} launcher): the pinned CDK toolkit is installed
 * here, and {@code sluice new} copies the Maven wrapper from here. Not to be confused with the user's {@link Project}.
 * Found, in this order: $SLUICE_HOME (the launcher sets it), system property {@code sluice.home}, or the folder the
 * CLI's classes were loaded from ({@code <home>/infra/cli/target/classes}).
 */
record SluiceHome(Path root) {

    static SluiceHome locate() {
        for (String configured : new String[] {System.getenv("SLUICE_HOME"), System.getProperty("sluice.home")}) {
            if (configured != null && !configured.isBlank()) {
                return new SluiceHome(Path.of(configured).toAbsolutePath().normalize());
            }
        }
        try {
            Path classes = Path.of(Sluice.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = classes; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("sluice")) && Files.isDirectory(dir.resolve("infra/cli"))) {
                    return new SluiceHome(dir);
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the failure below
        }
        throw new CommandFailure("cannot tell where Sluice is installed: run it through its launcher (sluice), or set"
                + " SLUICE_HOME to the Sluice checkout");
    }

    /** The folder of the pinned CDK toolkit's package.json (node_modules is installed there). */
    Path toolkitDir() {
        return root.resolve("infra/cli");
    }
}
