package dev.sluice.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.edge.AwsResponse;
import java.util.Map;

/** The HTTP responses of the Lambda API: a JSON body, an empty body, or an error in AWS's shape. */
final class LambdaResponses {

    private LambdaResponses() {
    }

    static AwsResponse json(int status, JsonNode body) {
        return new AwsResponse(status, "application/json", Json.bytes(body), Map.of());
    }

    static AwsResponse empty(int status) {
        return new AwsResponse(status, "application/json", new byte[0], Map.of());
    }

    static AwsResponse error(LambdaException e) {
        ObjectNode body = Json.object().put("Type", "User").put("Message", e.getMessage()).put("__type", e.type());
        if (e.status() == 429) {
            body.put("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded");
        }
        return json(e.status(), body).withHeader("x-amzn-ErrorType", e.type());
    }
}
