package dev.sluice.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Json;
import dev.sluice.local.lambda.runtime.FunctionJdk;
import dev.sluice.local.lambda.runtime.HostArchitecture;
import dev.sluice.testing.HandlerZip;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * Every Java runtime AWS offers runs, each on the JDK this machine has for it (its own version, else the nearest newer:
 * java17 on Java 17 and java25 on Java 25 here), and the function's configuration says which one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaRuntimesTest {

    /** Tells which Java runs it. Compiled for Java 17, which every JDK on the build machines runs. */
    private static final HandlerZip WHICH_JAVA = HandlerZip.of("fixture.WhichJava", """
            package fixture;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.*;
            public class WhichJava implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("version", System.getProperty("java.version"));
                    out.put("home", System.getProperty("java.home"));
                    out.put("executionEnv", System.getenv("AWS_EXECUTION_ENV"));
                    return out;
                }
            }
            """);

    @AutoClose
    private final LocalLambda local = LocalLambda.start();

    @ParameterizedTest
    @ValueSource(strings = {"java17", "java25", "java21", "java11"})
    void aFunctionRunsOnTheJdkChosenForItsRuntimeAndSaysWhichOne(String runtime) throws Exception {
        FunctionJdk jdk = FunctionJdk.forRuntime(runtime);
        String name = "which-" + runtime;

        var created = local.lambda.createFunction(r -> r.functionName(name).runtime(runtime)
                .handler("fixture.WhichJava::handleRequest").role("arn:aws:iam::000000000000:role/test").timeout(20)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(bytes()))));
        JsonNode answer = invoke(name);

        assertThat(answer.get("version").asText()).isEqualTo(jdk.version());
        assertThat(Path.of(answer.get("home").asText()).toRealPath()).isEqualTo(jdk.home().toRealPath());
        assertThat(answer.get("executionEnv").asText()).isEqualTo("AWS_Lambda_" + runtime);
        var read = local.lambda.getFunctionConfiguration(r -> r.functionName(name));
        assertThat(read.runtimeVersionConfig()).isEqualTo(created.runtimeVersionConfig());
        assertThat(created.runtimeVersionConfig().runtimeVersionArn())
                .isEqualTo("arn:aws:lambda:us-east-1::runtime:local-jdk-" + jdk.version());
        if (jdk.feature() == Integer.parseInt(runtime.substring(4))) {
            assertThat(created.runtimeVersionConfig().error()).isNull();
        } else {
            assertThat(created.runtimeVersionConfig().error().message()).isEqualTo(jdk.notice())
                    .contains("Lambda runtime " + runtime + " runs on Java " + jdk.version());
        }
    }

    @Test
    void onThisMachineJava17AndJava25RunOnTheirOwnJdks() {
        assertThat(FunctionJdk.forRuntime("java17").feature()).isEqualTo(17);
        assertThat(FunctionJdk.forRuntime("java17").notice()).isNull();
        assertThat(FunctionJdk.forRuntime("java25").feature()).isEqualTo(25);
        assertThat(FunctionJdk.forRuntime("java25").notice()).isNull();
    }

    @Test
    void java8Al2IsAcceptedAndOtherRuntimesAreRefusedNamingTheOnesThatRun() throws Exception {
        local.lambda.createFunction(r -> r.functionName("old-timer").runtime("java8.al2")
                .handler("fixture.WhichJava::handleRequest").role("arn:aws:iam::000000000000:role/test")
                .code(c -> c.zipFile(SdkBytes.fromByteArray(bytes()))));
        assertThat(local.lambda.getFunctionConfiguration(r -> r.functionName("old-timer")).runtimeAsString())
                .isEqualTo("java8.al2");

        assertThatThrownBy(() -> local.lambda.createFunction(r -> r.functionName("snake").runtime("python3.12")
                .handler("app.handler").role("arn:aws:iam::000000000000:role/test")
                .code(c -> c.zipFile(SdkBytes.fromByteArray(bytes())))))
                .isInstanceOf(LambdaException.class)
                .hasMessageContaining("Value 'python3.12' at 'runtime'")
                .hasMessageContaining("[java25, java21, java17, java11, java8.al2]");
    }

    @Test
    void arm64FunctionsRunOnThisMachinesArchitectureAndKeepTheirSetting() throws Exception {
        Architecture other = HostArchitecture.current().equals("arm64") ? Architecture.X86_64 : Architecture.ARM64;
        local.lambda.createFunction(r -> r.functionName("graviton").runtime("java17").architectures(other)
                .handler("fixture.WhichJava::handleRequest").role("arn:aws:iam::000000000000:role/test").timeout(20)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(bytes()))));

        assertThat(invoke("graviton").get("version").asText()).isEqualTo(FunctionJdk.forRuntime("java17").version());
        assertThat(local.lambda.getFunctionConfiguration(r -> r.functionName("graviton")).architectures())
                .containsExactly(other);
        assertThatThrownBy(() -> local.lambda.updateFunctionCode(r -> r.functionName("graviton")
                .architecturesWithStrings("sparc").zipFile(SdkBytes.fromByteArray(bytes()))))
                .isInstanceOf(LambdaException.class).hasMessageContaining("'architectures'");
    }

    private JsonNode invoke(String function) throws Exception {
        InvokeResponse response = local.lambda.invoke(r -> r.functionName(function)
                .payload(SdkBytes.fromUtf8String("{}")));
        assertThat(response.functionError()).as(response.payload().asUtf8String()).isNull();
        return Json.MAPPER.readTree(response.payload().asUtf8String());
    }

    private static byte[] bytes() {
        try {
            return WHICH_JAVA.bytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
