package dev.sluice.local;

import dev.sluice.local.core.LocalClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalCloudTest {

    @TempDir
    Path workDir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void startsOnADynamicPortAnswersHealthAndClosesTwice() throws Exception {
        LocalCloud cloud = LocalCloud.builder().port(0).workDir(workDir).build().start();
        URI endpoint = cloud.endpoint();
        try {
            assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
            assertThat(endpoint.getPort()).isPositive();
            assertThat(health(endpoint).statusCode()).isEqualTo(200);
            assertThat(health(endpoint).body()).contains("\"status\":\"ok\"");
            assertThat(Files.isDirectory(workDir)).isTrue();
        } finally {
            cloud.close();
        }
        cloud.close();

        // A fresh client: a pooled keep-alive connection would fail differently.
        HttpClient fresh = HttpClient.newHttpClient();
        assertThatThrownBy(() -> fresh.send(HttpRequest.newBuilder(endpoint.resolve("/_sluice/health")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
        assertThatThrownBy(cloud::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void queuesCreatedThroughTheEndpointLiveInItsSqs() {
        try (LocalCloud cloud = LocalCloud.builder().port(0).region("eu-west-1").workDir(workDir).build().start();
             SqsClient client = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "eu-west-1")) {
            String url = client.createQueue(b -> b.queueName("orders")).queueUrl();

            assertThat(url).isEqualTo(cloud.endpoint() + "/000000000000/orders");
            assertThat(client.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                    .attributesAsStrings()).containsEntry("QueueArn", "arn:aws:sqs:eu-west-1:000000000000:orders");
            assertThat(cloud.sqs().directEndpoint()).isNotEqualTo(cloud.endpoint());
            assertThat(cloud.events()).isNotNull();
            assertThat(cloud.lambda()).isNotNull();
        }
    }

    @Test
    void busyPortFailsClearlyAndLeavesNothingRunning() {
        try (LocalCloud first = LocalCloud.builder().port(0).workDir(workDir).build().start()) {
            int port = first.endpoint().getPort();
            LocalCloud second = LocalCloud.builder().port(port).workDir(workDir).build();

            assertThatThrownBy(second::start).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("127.0.0.1:" + port);
            assertThatThrownBy(second::endpoint).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void partsAreUnavailableBeforeStart() {
        LocalCloud cloud = LocalCloud.builder().build();

        assertThatThrownBy(cloud::endpoint).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not started");
    }

    @Test
    void builderDefaultsAndValidation() {
        assertThat(LocalCloud.DEFAULT_PORT).isEqualTo(4566);
        assertThat(LocalCloud.builder().build().workDir()).isEqualTo(Path.of(".sluice/local").toAbsolutePath());
        assertThatThrownBy(() -> LocalCloud.builder().port(-1))
                .hasMessage("port must be between 0 and 65535 (given -1)");
        assertThatThrownBy(() -> LocalCloud.builder().region("moon"))
                .hasMessage("region must look like us-east-1 (given moon)");
        assertThatThrownBy(() -> LocalCloud.builder().host(" "))
                .hasMessage("host must not be blank");
    }

    private HttpResponse<String> health(URI endpoint) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(endpoint.resolve("/_sluice/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
