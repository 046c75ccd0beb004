package dev.sluice.constructs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

/** Scopes and functions for construct tests: a fresh stack per test, inline code, a tiny zip. */
public final class TestScopes {

    private TestScopes() {
    }

    public static Stack stack() {
        return new Stack(new App(), "Test");
    }

    public static FunctionProps functionProps(int timeoutSeconds) {
        return FunctionProps.builder()
                .runtime(Runtime.PYTHON_3_12)
                .handler("index.handler")
                .code(Code.fromInline("def handler(event, context):\n    return {}\n"))
                .timeout(Duration.seconds(timeoutSeconds))
                .build();
    }

    public static Function function(Construct scope, String id, int timeoutSeconds) {
        return new Function(scope, id, functionProps(timeoutSeconds));
    }

    /** A stand-in for function.zip: synthesis only hashes and copies it. */
    public static Path dummyZip(Path dir) throws IOException {
        Path zip = dir.resolve("function.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zipOut = new ZipOutputStream(out)) {
            zipOut.putNextEntry(new ZipEntry("application.properties"));
            zipOut.write("quarkus.funqy.export=none\n".getBytes());
            zipOut.closeEntry();
        }
        return zip;
    }
}
