package dev.sluice.local.lambda.api;

import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import dev.sluice.local.lambda.runtime.InvocationResult;
import dev.sluice.local.lambda.runtime.LambdaFunction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * Invoke: RequestResponse waits for the result, Event queues an asynchronous invocation, DryRun only checks. With
 * {@code X-Amz-Log-Type: Tail}, a RequestResponse answer carries {@code X-Amz-Log-Result}: the base64 of the last 4 KB
 * of the invocation's log (START to REPORT, after a cold start's init lines), as AWS returns it.
 */
final class InvokeAction {

    private InvokeAction() {
    }

    static AwsResponse invoke(LambdaFunction function, AwsRequest request) throws InterruptedException {
        String type = request.header("x-amz-invocation-type");
        type = type == null ? "RequestResponse" : type;
        byte[] payload = request.body() == null ? new byte[0] : request.body();
        if (!type.equals("DryRun")) {
            checkJson(payload);
        }
        switch (type) {
            case "DryRun":
                return LambdaResponses.empty(204);
            case "Event":
                checkSize(payload, "Event", LambdaApi.ASYNC_PAYLOAD_LIMIT); // LogType is ignored, as on AWS
                String requestId = function.invokeAsync(payload.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : payload);
                return LambdaResponses.empty(202).withHeader("x-amzn-RequestId", requestId);
            case "RequestResponse":
                checkSize(payload, "RequestResponse", LambdaApi.SYNC_PAYLOAD_LIMIT);
                String logType = request.header("x-amz-log-type");
                if (logType != null && !logType.equals("None") && !logType.equals("Tail")) {
                    throw new AwsError(400, "InvalidParameterValueException",
                            "X-Amz-Log-Type must be None or Tail (given " + logType + ")");
                }
                InvocationResult result = function.invoke(payload.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8)
                        : payload, Duration.ZERO);
                AwsResponse response = new AwsResponse(200, "application/json", result.payload(), Map.of())
                        .withHeader("X-Amz-Executed-Version", "$LATEST");
                if (result.requestId() != null) {
                    response = response.withHeader("x-amzn-RequestId", result.requestId());
                }
                if ("Tail".equals(logType)) {
                    response = response.withHeader("X-Amz-Log-Result", Base64.getEncoder().encodeToString(
                            result.logTail().getBytes(StandardCharsets.UTF_8)));
                }
                return result.failed() ? response.withHeader("X-Amz-Function-Error", result.functionError()) : response;
            default:
                throw new AwsError(400, "InvalidParameterValueException",
                        "X-Amz-Invocation-Type must be RequestResponse, Event or DryRun (given " + type + ")");
        }
    }

    /**
     * A payload must be JSON (any JSON value) or empty: AWS answers anything else with 400
     * {@code InvalidRequestContentException} ("Could not parse request body into json: Could not parse payload into
     * json: ...", botocore lambda service-2.json lists it for Invoke) and does not run the function.
     */
    private static void checkJson(byte[] payload) {
        if (payload.length == 0) {
            return;
        }
        try (com.fasterxml.jackson.core.JsonParser parser = dev.sluice.local.core.Json.MAPPER.createParser(payload)) {
            parser.nextToken();
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(parser, "Unexpected content after the JSON value");
            }
        } catch (java.io.IOException e) {
            String reason = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw AwsError.badRequest("InvalidRequestContentException",
                    "Could not parse request body into json: Could not parse payload into json: " + reason);
        }
    }

    /**
     * AWS's answer to an oversized payload, as its clients report it: HTTP 413, error code
     * {@code RequestEntityTooLargeException}, "6991583 byte payload is too large for the RequestResponse invocation
     * type (limit 6291456 bytes)" (quoted from AWS answers in faultline/faultline#12 and theburningmonk's "Hit the 6MB
     * Lambda payload limit?"; the Event limit is 1,048,576 bytes since 2026-01-29). Clients see that code, not the
     * API model's {@code RequestTooLargeException}.
     */
    private static void checkSize(byte[] payload, String invocationType, int limit) {
        if (payload.length > limit) {
            throw new AwsError(413, "RequestEntityTooLargeException", payload.length
                    + " byte payload is too large for the " + invocationType + " invocation type (limit " + limit
                    + " bytes)");
        }
    }
}
