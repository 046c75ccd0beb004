package dev.sluice.example.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** The example's function.zip, which the reactor builds (module functions) before this module's tests run. */
final class ExampleFunctionZip {

    private ExampleFunctionZip() {
    }

    /** @throws IllegalStateException naming the path and the build command when the zip is missing */
    static Path path() {
        Path zip = ExampleProject.root().resolve("functions/target/function.zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " not found: the end-to-end tests run the example functions."
                    + " Build them first with `./mvnw -B -q -pl functions package -DskipTests` (a full"
                    + " `./mvnw verify` from the root builds functions before infra).");
        }
        return zip;
    }
}
