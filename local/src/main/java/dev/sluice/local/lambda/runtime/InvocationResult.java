package dev.sluice.local.lambda.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Json;

/**
 * What one invocation returned: the function's response bytes, or (when {@code functionError} is non-null) the
 * error document {@code {errorMessage, errorType, stackTrace}} that AWS returns with {@code X-Amz-Function-Error}.
 */
public record InvocationResult(byte[] payload, String functionError, String errorType) {

    static InvocationResult success(byte[] payload) {
        return new InvocationResult(payload, null, null);
    }

    /** An error raised by the function itself (posted by the runtime to /invocation/{id}/error). */
    static InvocationResult functionError(byte[] errorDocument, String errorType) {
        return new InvocationResult(errorDocument, "Unhandled", errorType);
    }

    /** An error of the environment (timeout, crash, init failure), shaped like the runtime's own error documents. */
    public static InvocationResult environmentError(String errorType, String message) {
        ObjectNode error = Json.object().put("errorType", errorType).put("errorMessage", message);
        return new InvocationResult(Json.bytes(error), "Unhandled", errorType);
    }

    public boolean failed() {
        return functionError != null;
    }

    public String payloadText() {
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }
}
