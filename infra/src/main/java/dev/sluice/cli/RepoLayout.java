package dev.sluice.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where things live in a Sluice checkout: found from $SLUICE_HOME (set by the launcher) or the working directory. */
record RepoLayout(Path root) {

    static RepoLayout locate() {
        String home = System.getenv("SLUICE_HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("sluice.home");
        }
        if (home != null && !home.isBlank()) {
            return new RepoLayout(Path.of(home).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("infra/pom.xml"))) {
                return new RepoLayout(dir);
            }
        }
        throw new CommandFailure("cannot find the Sluice checkout: run ./sluice from it, or set SLUICE_HOME");
    }

    Path infra() {
        return root.resolve("infra");
    }

    Path cloudAssembly() {
        return root.resolve("cdk.out");
    }

    Path functionZip() {
        return root.resolve("functions/target/function.zip");
    }
}
