package dev.sluice.local.edge;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The wire protocols of AWS APIs, as far as the edge needs them: which one a request speaks, and how an
 * {@link AwsError} looks in it. Only the edge writes errors.
 */
public enum Protocol {

    /** {@code X-Amz-Target} with {@code application/x-amz-json-1.0} (SQS): {@code {"__type", "message"}}. */
    AWS_JSON_1_0("application/x-amz-json-1.0"),
    /** {@code X-Amz-Target} with {@code application/x-amz-json-1.1} (EventBridge); the edge's own errors too. */
    AWS_JSON_1_1("application/x-amz-json-1.1"),
    /** REST paths with JSON bodies (Lambda, {@code /_sluice}): {@code {"Type", "Message", "__type"}}. */
    REST_JSON("application/json"),
    /** Form-encoded {@code Action=...&Version=...} with XML answers (SQS, STS): an {@code ErrorResponse}. */
    QUERY("text/xml");

    private final String contentType;

    Protocol(String contentType) {
        this.contentType = contentType;
    }

    /**
     * The protocol {@code request} speaks to a service whose Query answers use {@code xmlNamespace} (null: the
     * service speaks no Query protocol).
     */
    public static Protocol of(AwsRequest request, String xmlNamespace) {
        if (request.target() != null) {
            String type = request.header("content-type");
            return type != null && type.contains("json-1.0") ? AWS_JSON_1_0 : AWS_JSON_1_1;
        }
        if (xmlNamespace != null && request.queryAction() != null) {
            return QUERY;
        }
        return REST_JSON;
    }

    /** {@code error} as this protocol's clients read it; {@code xmlNamespace} is used by {@link #QUERY}. */
    public AwsResponse render(AwsError error, String xmlNamespace) {
        String requestId = UUID.randomUUID().toString();
        Map<String, String> headers = new LinkedHashMap<>(error.headers());
        headers.put("x-amzn-ErrorType", error.code());
        headers.put("x-amzn-RequestId", requestId);
        byte[] body = switch (this) {
            case AWS_JSON_1_0, AWS_JSON_1_1 -> json(object().put("__type", error.code())
                    .put("message", error.getMessage()), error);
            case REST_JSON -> json(object().put("Type", error.senderFault() ? "User" : "Service")
                    .put("Message", error.getMessage()).put("__type", error.code()), error);
            case QUERY -> ("<ErrorResponse xmlns=\"" + xml(xmlNamespace) + "\"><Error><Type>"
                    + (error.senderFault() ? "Sender" : "Receiver") + "</Type><Code>" + xml(error.code())
                    + "</Code><Message>" + xml(error.getMessage()) + "</Message><Detail/></Error><RequestId>"
                    + requestId + "</RequestId></ErrorResponse>").getBytes(StandardCharsets.UTF_8);
        };
        return new AwsResponse(error.status(), contentType, body, Map.copyOf(headers));
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static byte[] json(ObjectNode body, AwsError error) {
        error.fields().forEach(body::put);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String xml(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
