package dev.sluice.local.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One error, written by the edge in each protocol as that protocol's AWS clients read it. */
class ProtocolTest {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String SQS_NAMESPACE = "http://queue.amazonaws.com/doc/2012-11-05/";

    @Test
    void theRequestTellsItsProtocol() {
        assertThat(Protocol.of(request("/", Map.of("x-amz-target", "AmazonSQS.ListQueues",
                "content-type", "application/x-amz-json-1.0"), ""), SQS_NAMESPACE)).isEqualTo(Protocol.AWS_JSON_1_0);
        assertThat(Protocol.of(request("/", Map.of("x-amz-target", "AWSEvents.PutRule",
                "content-type", "application/x-amz-json-1.1"), "{}"), null)).isEqualTo(Protocol.AWS_JSON_1_1);
        assertThat(Protocol.of(request("/", Map.of("content-type", "application/x-www-form-urlencoded"),
                "Action=ListQueues&Version=2012-11-05"), SQS_NAMESPACE)).isEqualTo(Protocol.QUERY);
        assertThat(Protocol.of(request("/2015-03-31/functions", Map.of(), ""), null)).isEqualTo(Protocol.REST_JSON);
    }

    @Test
    void awsJsonHasTypeAndMessage() throws Exception {
        AwsResponse response = Protocol.AWS_JSON_1_1.render(AwsError.badRequest("ResourceNotFoundException", "gone"),
                null);

        JsonNode body = JSON.readTree(response.body());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/x-amz-json-1.1");
        assertThat(body.get("__type").asText()).isEqualTo("ResourceNotFoundException");
        assertThat(body.get("message").asText()).isEqualTo("gone");
        assertThat(response.headers()).containsEntry("x-amzn-ErrorType", "ResourceNotFoundException")
                .containsKey("x-amzn-RequestId");
    }

    @Test
    void restJsonIsLambdasShapeWithItsExtraMembers() throws Exception {
        AwsError throttled = new AwsError(429, "TooManyRequestsException", "Rate Exceeded.")
                .withField("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded");

        AwsResponse response = Protocol.REST_JSON.render(throttled, null);

        JsonNode body = JSON.readTree(response.body());
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(body.get("Type").asText()).isEqualTo("User");
        assertThat(body.get("Message").asText()).isEqualTo("Rate Exceeded.");
        assertThat(body.get("__type").asText()).isEqualTo("TooManyRequestsException");
        assertThat(body.get("Reason").asText()).isEqualTo("ReservedFunctionConcurrentInvocationLimitExceeded");
        assertThat(response.headers()).containsEntry("x-amzn-ErrorType", "TooManyRequestsException");
    }

    @Test
    void queryIsAnXmlErrorResponseInTheServicesNamespace() {
        AwsResponse response = Protocol.QUERY.render(new AwsError(500, "InternalFailure", "a < b & c"), SQS_NAMESPACE);

        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.contentType()).isEqualTo("text/xml");
        assertThat(body).startsWith("<ErrorResponse xmlns=\"" + SQS_NAMESPACE + "\"><Error><Type>Receiver</Type>"
                + "<Code>InternalFailure</Code><Message>a &lt; b &amp; c</Message>").contains("<RequestId>");
    }

    @Test
    void headersOfTheErrorGoOut() {
        AwsResponse response = Protocol.REST_JSON.render(new AwsError(405, "MethodNotAllowed", "GET only")
                .withHeader("Allow", "GET, HEAD"), null);

        assertThat(response.headers()).containsEntry("Allow", "GET, HEAD");
    }

    private static AwsRequest request(String path, Map<String, String> headers, String body) {
        Map<String, List<String>> all = new java.util.HashMap<>();
        headers.forEach((name, value) -> all.put(name, List.of(value)));
        return new AwsRequest("POST", path, null, all, body.getBytes(StandardCharsets.UTF_8));
    }
}
