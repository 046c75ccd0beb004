package dev.sluice.local.lambda.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsResponse;
import java.util.Map;

/** The HTTP responses of the Lambda API: a JSON body or an empty body (errors are AwsErrors). */
final class LambdaResponses {

    private LambdaResponses() {
    }

    static AwsResponse json(int status, JsonNode body) {
        return new AwsResponse(status, "application/json", Json.bytes(body), Map.of());
    }

    static AwsResponse empty(int status) {
        return new AwsResponse(status, "application/json", new byte[0], Map.of());
    }
}
