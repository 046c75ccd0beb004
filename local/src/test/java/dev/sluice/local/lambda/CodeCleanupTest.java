package dev.sluice.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import dev.sluice.testing.HandlerZip;
import dev.sluice.testing.TestFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

/** Unpacked code does not pile up: DeleteFunction removes it, and a replaced version goes once nothing runs it. */
class CodeCleanupTest {

    @Test
    void deleteFunctionAndUpdateCodeLeaveNoUnusedCodeOnDisk() throws Exception {
        try (LocalLambda local = new LocalLambda()) {
            Path functionDir = local.workDir.resolve("functions").resolve("tidy");
            local.createFunction("tidy", TestFunctions.ECHO, 10, Map.of());
            local.lambda.invoke(b -> b.functionName("tidy").payload(SdkBytes.fromUtf8String("{}")));
            assertThat(versions(functionDir)).isEqualTo(1);

            byte[] other = HandlerZip.of("fixture.Echo", """
                    package fixture;
                    public class Echo implements com.amazonaws.services.lambda.runtime.RequestHandler<
                            java.util.Map<String, Object>, String> {
                        public String handleRequest(java.util.Map<String, Object> in,
                                                    com.amazonaws.services.lambda.runtime.Context context) {
                            return "v2";
                        }
                    }
                    """).bytes();
            local.lambda.updateFunctionCode(b -> b.functionName("tidy").zipFile(SdkBytes.fromByteArray(other)));
            local.lambda.invoke(b -> b.functionName("tidy").payload(SdkBytes.fromUtf8String("{}")));
            Await.until("the old version deleted", Duration.ofSeconds(30), () -> versions(functionDir) == 1);

            local.lambda.deleteFunction(b -> b.functionName("tidy"));
            Await.until("the code deleted", Duration.ofSeconds(30), () -> !Files.exists(functionDir));
        }
    }

    private static long versions(Path functionDir) {
        try (var list = Files.list(functionDir)) {
            return list.count();
        } catch (java.io.IOException gone) {
            return 0;
        }
    }
}
