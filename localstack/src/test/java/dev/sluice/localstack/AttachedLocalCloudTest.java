package dev.sluice.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.LocalCloud;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkException;

/** {@code LocalCloud.builder().externalAwsEndpoint(...)}: the mode the host-mode LocalStack tests run the functions in. */
class AttachedLocalCloudTest {

    private static final URI EMULATOR = URI.create("http://127.0.0.1:4566");

    @Test
    void servesOnlyLambdaWhenAttached(@TempDir Path dir) {
        try (LocalCloud cloud = LocalCloud.builder().port(0).workDir(dir).externalAwsEndpoint(EMULATOR).build().start();
             AwsClients aws = AwsClients.of(cloud.endpoint())) {
            assertThat(cloud.externalAwsEndpoint()).contains(EMULATOR);
            assertThat(aws.lambda().listFunctions().functions()).isEmpty();
            assertThatThrownBy(() -> aws.sqs().listQueues()).isInstanceOf(SdkException.class);
            assertThatThrownBy(cloud::sqs).isInstanceOf(IllegalStateException.class)
                    .hasMessage("SQS is not local: this cloud is attached to " + EMULATOR);
            assertThatThrownBy(cloud::events).isInstanceOf(IllegalStateException.class)
                    .hasMessage("EventBridge is not local: this cloud is attached to " + EMULATOR);
        }
    }

    @Test
    void rejectsAnEndpointThatIsNotHttp() {
        assertThatThrownBy(() -> LocalCloud.builder().externalAwsEndpoint(URI.create("localhost:4566")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("externalAwsEndpoint must be an http(s) URL with a host (given localhost:4566)");
    }

    @Test
    void isNotAttachedByDefault(@TempDir Path dir) {
        assertThat(LocalCloud.builder().port(0).workDir(dir).build().externalAwsEndpoint()).isEmpty();
    }
}
