package dev.sluice.constructs;

import static dev.sluice.constructs.TestScopes.stack;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class FunqyFunctionTest {

    @TempDir
    static Path dir;
    private static String zip;

    @BeforeAll
    static void zip() throws IOException {
        zip = TestScopes.dummyZip(dir).toString();
    }

    private static Template synth(FunqyFunctionProps.Builder props) {
        Stack stack = stack();
        new FunqyFunction(stack, "Fn", props.zipPath(zip).export("fulfillOrder").build());
        return Template.fromStack(stack);
    }

    @Test
    void defaults() {
        synth(FunqyFunctionProps.builder()).hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21",
                "Handler", "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest",
                "MemorySize", 512,
                "Timeout", 30,
                "FunctionName", Match.absent(),
                "Environment", Map.of("Variables", Map.of("QUARKUS_FUNQY_EXPORT", "fulfillOrder"))));
    }

    @Test
    void functionName() {
        synth(FunqyFunctionProps.builder().functionName("dev-fulfillOrder"))
                .hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "dev-fulfillOrder"));
    }

    @Test
    void memorySize() {
        synth(FunqyFunctionProps.builder().memorySize(1024))
                .hasResourceProperties("AWS::Lambda::Function", Map.of("MemorySize", 1024));
    }

    @Test
    void timeout() {
        synth(FunqyFunctionProps.builder().timeout(Duration.minutes(2)))
                .hasResourceProperties("AWS::Lambda::Function", Map.of("Timeout", 120));
    }

    @Test
    void environmentIsAddedToTheExport() {
        synth(FunqyFunctionProps.builder().environment(Map.of("ORDERS_BUS_NAME", "orders")))
                .hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables", Map.of(
                        "QUARKUS_FUNQY_EXPORT", "fulfillOrder", "ORDERS_BUS_NAME", "orders"))));
    }

    @Test
    void rejectsInvalidProps() {
        FunqyFunctionProps props = FunqyFunctionProps.builder()
                .memorySize(127).timeout(Duration.seconds(901))
                .environment(Map.of("QUARKUS_FUNQY_EXPORT", "other")).build();
        assertThatThrownBy(() -> new FunqyFunction(stack(), "Fn", props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid FunqyFunction props: ")
                .hasMessageContaining("zipPath is required (given none)")
                .hasMessageContaining("export is required (given none)")
                .hasMessageContaining("memorySize must be between 128 and 10240 inclusive (given 127)")
                .hasMessageContaining("timeout must be between 1 and 900 seconds inclusive (given 901 seconds)")
                .hasMessageContaining("environment must not set QUARKUS_FUNQY_EXPORT; use export (given 'other')");
    }
}
