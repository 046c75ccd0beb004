package dev.sluice.local.lambda.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What one invocation returned: the function's response bytes, or (when {@code functionError} is non-null) the
 * error document {@code {errorMessage, errorType, stackTrace}} that AWS returns with {@code X-Amz-Function-Error}.
 *
 * @param requestId the invocation's request id (null when it never reached an environment, e.g. a throttle)
 * @param logTail   the end of the invocation's log, START to REPORT (a cold start's init output before them), at
 *                  most 4 KB: what Invoke with {@code LogType: Tail} returns; empty when there is none
 */
public record InvocationResult(byte[] payload, String functionError, String errorType, String requestId,
                               String logTail) {

    public InvocationResult {
        logTail = logTail == null ? "" : logTail;
    }

    static InvocationResult success(byte[] payload) {
        return new InvocationResult(payload, null, null, null, null);
    }

    /** An error raised by the function itself (posted by the runtime to /invocation/{id}/error). */
    static InvocationResult functionError(byte[] errorDocument, String errorType) {
        return new InvocationResult(errorDocument, "Unhandled", errorType, null, null);
    }

    /** An error of the environment (timeout, crash, init failure), shaped like the runtime's own error documents. */
    public static InvocationResult environmentError(String errorType, String message) {
        ObjectNode error = Json.object().put("errorType", errorType).put("errorMessage", message);
        return new InvocationResult(Json.bytes(error), "Unhandled", errorType, null, null);
    }

    /** This result as the invocation {@code requestId} returned it, with its log tail. */
    InvocationResult of(String requestId, String logTail) {
        return new InvocationResult(payload, functionError, errorType, requestId, logTail);
    }

    public boolean failed() {
        return functionError != null;
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** A failure's {@code errorMessage}, else the payload as text (null on success). */
    public String errorMessage() {
        if (!failed()) {
            return null;
        }
        try {
            JsonNode message = Json.MAPPER.readTree(payload).get("errorMessage");
            if (message != null && !message.isNull()) {
                return message.asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // fall back to the text
        }
        return payloadText();
    }
}
