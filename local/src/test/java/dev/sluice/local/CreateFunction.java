package dev.sluice.local;

import dev.sluice.testing.TestFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * A {@code CreateFunction} call as the tests make it: the fixtures' zip ({@link TestFunctions#ZIP}), Java 21,
 * 256 MB, 10 s and the test role unless a test says otherwise; no environment unless given.
 */
public final class CreateFunction {

    private final String name;
    private final String handler;
    private Runtime runtime = Runtime.JAVA21;
    private int timeoutSeconds = 10;
    private int memoryMb = 256;
    private Map<String, String> variables;
    private byte[] zip;

    private CreateFunction(String name, String handler) {
        this.name = name;
        this.handler = handler;
    }

    public static CreateFunction named(String name, String handler) {
        return new CreateFunction(name, handler);
    }

    public CreateFunction runtime(Runtime value) {
        runtime = value;
        return this;
    }

    public CreateFunction timeout(int seconds) {
        timeoutSeconds = seconds;
        return this;
    }

    public CreateFunction memory(int megabytes) {
        memoryMb = megabytes;
        return this;
    }

    public CreateFunction variables(Map<String, String> value) {
        variables = value;
        return this;
    }

    /** Another zip than the fixtures'. */
    public CreateFunction zip(byte[] value) {
        zip = value;
        return this;
    }

    public CreateFunctionResponse in(LambdaClient lambda) {
        SdkBytes code = SdkBytes.fromByteArray(zip != null ? zip : fixturesZip());
        return lambda.createFunction(r -> {
            r.functionName(name).runtime(runtime).handler(handler).role("arn:aws:iam::000000000000:role/test")
                    .timeout(timeoutSeconds).memorySize(memoryMb).code(c -> c.zipFile(code));
            if (variables != null) {
                r.environment(e -> e.variables(variables));
            }
        });
    }

    private static byte[] fixturesZip() {
        try {
            return TestFunctions.ZIP.bytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the test functions' zip could not be built: " + e.getMessage(), e);
        }
    }
}
