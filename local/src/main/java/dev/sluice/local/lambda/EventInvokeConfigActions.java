package dev.sluice.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Put, update, get and delete of a function's event invoke config (retries, event age, destinations). */
final class EventInvokeConfigActions {

    private EventInvokeConfigActions() {
    }

    static EventInvokeConfig existingEventInvokeConfig(LambdaFunction function) throws LambdaException {
        EventInvokeConfig config = function.configuredEventInvokeConfig();
        if (config == null) {
            throw new LambdaException(404, "ResourceNotFoundException",
                    "The function " + function.config().arn() + " doesn't have an EventInvokeConfig");
        }
        return config;
    }

    static ObjectNode putEventInvokeConfig(LambdaFunction function, JsonNode body, boolean merge) throws LambdaException {
        EventInvokeConfig base = merge && function.configuredEventInvokeConfig() != null
                ? function.configuredEventInvokeConfig() : EventInvokeConfig.DEFAULT;
        Fields fields = new Fields(body);
        int retries = fields.integer("MaximumRetryAttempts", "maximumRetryAttempts", 0, 2, base.maximumRetryAttempts());
        int age = fields.integer("MaximumEventAgeInSeconds", "maximumEventAgeInSeconds", 60, 21_600,
                base.maximumEventAgeSeconds());
        JsonNode destinations = fields.node("DestinationConfig");
        String onFailure = destination(destinations, "OnFailure", fields, merge ? base.onFailure() : null);
        String onSuccess = destination(destinations, "OnSuccess", fields, merge ? base.onSuccess() : null);
        fields.throwIfInvalid();
        EventInvokeConfig config = new EventInvokeConfig(retries, age, onFailure, onSuccess, Instant.now());
        function.setEventInvokeConfig(config);
        return FunctionJson.eventInvokeConfig(function, config);
    }

    private static String destination(JsonNode destinations, String kind, Fields fields, String fallback) {
        JsonNode node = destinations == null ? null : destinations.path(kind).get("Destination");
        if (node == null || node.isNull()) {
            return fallback;
        }
        String arn = node.asText();
        if (!arn.startsWith("arn:aws:sqs:") && !arn.startsWith("arn:aws:lambda:")) {
            fields.violation("destinationConfig." + kind.toLowerCase(java.util.Locale.ROOT) + ".destination", arn,
                    "Only SQS queue and Lambda function destinations are supported locally");
        }
        return arn;
    }
}
