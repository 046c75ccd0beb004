package dev.sluice.example.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** The example project: the folder holding its cdk.json (the repository root), found from the working directory. */
final class ExampleProject {

    private ExampleProject() {
    }

    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("cdk.json"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no cdk.json above " + Path.of("").toAbsolutePath());
    }
}
