package dev.sluice.local.lambda.api;

import dev.sluice.local.core.Arn;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.RequestFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.lambda.runtime.EventInvokeConfig;
import dev.sluice.local.lambda.runtime.LambdaFunction;
import java.time.Instant;

/** Put, update, get and delete of a function's event invoke config (retries, event age, destinations). */
final class EventInvokeConfigActions {

    private EventInvokeConfigActions() {
    }

    static EventInvokeConfig existingEventInvokeConfig(LambdaFunction function) {
        EventInvokeConfig config = function.configuredEventInvokeConfig();
        if (config == null) {
            throw new AwsError(404, "ResourceNotFoundException",
                    "The function " + function.config().arn() + " doesn't have an EventInvokeConfig");
        }
        return config;
    }

    static ObjectNode putEventInvokeConfig(LambdaFunction function, JsonNode body, boolean merge) {
        EventInvokeConfig base = merge && function.configuredEventInvokeConfig() != null
                ? function.configuredEventInvokeConfig() : EventInvokeConfig.DEFAULT;
        RequestFields fields = RequestFields.of(body);
        int retries = fields.integer("MaximumRetryAttempts", 0, 2, base.maximumRetryAttempts());
        int age = fields.integer("MaximumEventAgeInSeconds", 60, 21_600,
                base.maximumEventAgeSeconds());
        RequestFields destinations = fields.object("DestinationConfig");
        String onFailure = destination(destinations.object("OnFailure"), merge ? base.onFailure() : null);
        String onSuccess = destination(destinations.object("OnSuccess"), merge ? base.onSuccess() : null);
        fields.check();
        EventInvokeConfig config = new EventInvokeConfig(retries, age, onFailure, onSuccess, Instant.now());
        function.setEventInvokeConfig(config);
        return FunctionJson.eventInvokeConfig(function, config);
    }

    private static String destination(RequestFields destination, String fallback) {
        String arn = destination.text("Destination");
        if (arn == null) {
            return fallback;
        }
        if (!Arn.isOf(arn, "sqs") && !Arn.isOf(arn, "lambda")) {
            destination.violation("Destination", arn,
                    "Only SQS queue and Lambda function destinations are supported locally");
        }
        return arn;
    }
}
