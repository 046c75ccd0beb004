package {{package}}.functions;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.response.ValidatableResponse;

/** The sample events in {@code functions/events}, and how a test invokes a function with one. */
final class SampleEvents {

    static final ObjectMapper JSON = new ObjectMapper();

    private SampleEvents() {
    }

    /** A fresh copy of a sample event file (tests run in the module's folder). */
    static ObjectNode read(String name) {
        try {
            return (ObjectNode) JSON.readTree(Files.readString(Path.of("events", name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An SQS event as the queue's event source mapping delivers it: one record per message id and body. */
    static ObjectNode sqsEvent(Map<String, String> bodies) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        bodies.forEach((messageId, body) -> records.addObject()
                .put("messageId", messageId)
                .put("receiptHandle", "handle-" + messageId)
                .put("body", body)
                .put("eventSource", "aws:sqs")
                .put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:{{name}}-tasks")
                .put("awsRegion", "us-east-1"));
        return event;
    }

    /** Invokes the exported function as Lambda does, through the Lambda extension's mock event server. */
    static ValidatableResponse invoke(ObjectNode event) {
        int port = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
        return given().port(port).contentType("application/json").accept("application/json")
                .body(event.toString())
                .when().post()
                .then();
    }
}
