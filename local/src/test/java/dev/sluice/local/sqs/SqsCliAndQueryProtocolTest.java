package dev.sluice.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.EdgeServer;
import dev.sluice.testing.AwsCli;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients other than the Java SDK: the AWS CLI v1 (its botocore picks the SQS protocol: AWS JSON in current
 * releases, Query in older ones) and hand-written Query protocol requests, as older SDKs and scripts send them.
 */
class SqsCliAndQueryProtocolTest {

    private static final ObjectMapper JSON = Json.MAPPER;
    @AutoClose
    private static final LocalSqs LOCAL = new LocalSqs();
    private static final EdgeServer edge = LOCAL.edge;
    private static final AwsCli cli = new AwsCli(edge.endpoint(), LocalSqs.REGION);

    @Test
    void awsCliCreatesSendsReceivesAndCountsThroughTheEdge() throws Exception {
        JsonNode created = aws("sqs", "create-queue", "--queue-name", "cli-queue");
        String url = created.get("QueueUrl").asText();
        assertThat(url).isEqualTo(edge.endpoint() + "/000000000000/cli-queue");

        JsonNode sent = aws("sqs", "send-message", "--queue-url", url, "--message-body", "from the cli");
        assertThat(sent.get("MessageId").asText()).isNotBlank();

        JsonNode counted = aws("sqs", "get-queue-attributes", "--queue-url", url,
                "--attribute-names", "ApproximateNumberOfMessages", "QueueArn");
        assertThat(counted.at("/Attributes/ApproximateNumberOfMessages").asText()).isEqualTo("1");
        assertThat(counted.at("/Attributes/QueueArn").asText()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:cli-queue");

        JsonNode received = aws("sqs", "receive-message", "--queue-url", url, "--wait-time-seconds", "1");
        assertThat(received.at("/Messages/0/Body").asText()).isEqualTo("from the cli");
        assertThat(received.at("/Messages/0/MessageId").asText()).isEqualTo(sent.get("MessageId").asText());
    }

    @Test
    void queryProtocolRequestsAreRoutedToSqs() throws Exception {
        HttpResponse<String> created = query("/", Map.of("Action", "CreateQueue", "QueueName", "query-queue"));
        assertThat(created.statusCode()).isEqualTo(200);
        String url = edge.endpoint() + "/000000000000/query-queue";
        assertThat(created.body()).contains("<QueueUrl>" + url + "</QueueUrl>");

        // Older clients post to the queue URL itself.
        HttpResponse<String> sent = query("/000000000000/query-queue",
                Map.of("Action", "SendMessage", "MessageBody", "a & b"));
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.body()).contains("<MessageId>");

        HttpResponse<String> received = query("/", Map.of("Action", "ReceiveMessage", "QueueUrl", url));
        assertThat(received.statusCode()).isEqualTo(200);
        assertThat(received.body()).contains("<Body>a &amp; b</Body>");
    }

    @Test
    void queryFormsOfOtherServicesAreNotClaimed() throws Exception {
        HttpRequest snsPublish = HttpRequest.newBuilder(edge.endpoint().resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("Action=Publish&Version=2010-03-31&Message=x"))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(snsPublish, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("UnknownOperationException");
    }

    private static HttpResponse<String> query(String path, Map<String, String> params) throws Exception {
        Map<String, String> form = new LinkedHashMap<>(params);
        form.put("Version", SqsService.QUERY_API_VERSION);
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(edge.endpoint().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Runs {@code aws <args>} against the edge; fails unless it succeeds. */
    private static JsonNode aws(String... args) throws IOException, InterruptedException {
        return cli.run(args).json();
    }
}
