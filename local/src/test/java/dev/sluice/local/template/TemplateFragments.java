package dev.sluice.local.template;

import dev.sluice.testing.TestFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Pieces of CloudFormation templates that the template tests share. */
final class TemplateFragments {

    private TemplateFragments() {
    }

    /** Writes {@code template} as {@code dir/template.yaml} with the test fixtures' zip as its asset {@code zip}. */
    static Path writeWithFixtures(Path dir, String template, String zip) throws IOException {
        TestFunctions.ZIP.writeTo(dir.resolve(zip));
        return Files.writeString(dir.resolve("template.yaml"), template);
    }

    /**
     * An {@code AWS::Lambda::Function} resource {@code id} (indented as an entry of {@code Resources:}) running
     * {@code handler} on Java 21 with 256 MB and 10 s, its code the CDK asset {@code zip} in the template's folder;
     * {@code properties} are further lines of its {@code Properties}.
     */
    static String javaFunction(String id, String zip, String handler, String... properties) {
        String resource = """
                %1$s:
                  Type: AWS::Lambda::Function
                  Metadata: {aws:asset:path: %2$s}
                  Properties:
                    Runtime: java21
                    Handler: %3$s
                    Role: arn:aws:iam::000000000000:role/test
                    Timeout: 10
                    MemorySize: 256
                    Code: {S3Bucket: assets, S3Key: %2$s}""".formatted(id, zip, handler);
        return Stream.concat(resource.lines(), Stream.of(properties).map(line -> "    " + line))
                .map(line -> "  " + line)
                .collect(Collectors.joining("\n"));
    }
}
