package dev.sluice.local.lambda;

import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Invoke: RequestResponse waits for the result, Event queues an asynchronous invocation, DryRun only checks. */
final class InvokeAction {

    private InvokeAction() {
    }

    static AwsResponse invoke(LambdaFunction function, AwsRequest request) throws LambdaException, InterruptedException {
        String type = request.header("x-amz-invocation-type");
        type = type == null ? "RequestResponse" : type;
        byte[] payload = request.body() == null ? new byte[0] : request.body();
        switch (type) {
            case "DryRun":
                return LambdaResponses.empty(204);
            case "Event":
                if (payload.length > LambdaService.ASYNC_PAYLOAD_LIMIT) {
                    throw new LambdaException(413, "RequestTooLargeException",
                            "Request must be smaller than " + LambdaService.ASYNC_PAYLOAD_LIMIT
                                    + " bytes for the InvokeAsync operation");
                }
                String requestId = function.async().submit(payload.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : payload);
                return LambdaResponses.empty(202).withHeader("x-amzn-RequestId", requestId);
            case "RequestResponse":
                if (payload.length > LambdaService.SYNC_PAYLOAD_LIMIT) {
                    throw new LambdaException(413, "RequestTooLargeException",
                            "Request must be smaller than " + LambdaService.SYNC_PAYLOAD_LIMIT
                                    + " bytes for the InvokeFunction operation");
                }
                InvocationResult result = function.invoke(payload.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8)
                        : payload, Duration.ZERO);
                AwsResponse response = new AwsResponse(200, "application/json", result.payload(), Map.of())
                        .withHeader("X-Amz-Executed-Version", "$LATEST");
                return result.failed() ? response.withHeader("X-Amz-Function-Error", result.functionError()) : response;
            default:
                throw new LambdaException(400, "InvalidParameterValueException",
                        "X-Amz-Invocation-Type must be RequestResponse, Event or DryRun (given " + type + ")");
        }
    }
}
