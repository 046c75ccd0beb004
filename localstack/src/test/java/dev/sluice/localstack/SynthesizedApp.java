package dev.sluice.localstack;

import dev.sluice.example.infra.OrderPipelineApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The example CDK app synthesized once into a folder (a cloud assembly, as {@code cdk synth} writes it). */
record SynthesizedApp(Path cdkOut, Path functionZip) {

    static SynthesizedApp synthesize(Path outDir) {
        Path zip = Repository.root().resolve("functions/target/function.zip").toAbsolutePath().normalize();
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("function.zip not found at " + zip
                    + ": build the functions module first (`./mvnw -pl functions package`)");
        }
        OrderPipelineApp.synth(outDir, Map.of(OrderPipelineApp.FUNCTION_ZIP_CONTEXT, zip.toString()));
        return new SynthesizedApp(outDir, zip);
    }

    Path templateFile(String stackName) {
        return cdkOut.resolve(stackName + ".template.json");
    }

    String template(String stackName) throws IOException {
        return Files.readString(templateFile(stackName));
    }
}
