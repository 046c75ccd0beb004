package dev.sluice.local.lambda.api;

import dev.sluice.local.core.Arn;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.RequestFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.lambda.eventsource.ConcurrencyAdvice;
import dev.sluice.local.lambda.eventsource.EventSourceMapping;
import dev.sluice.local.lambda.eventsource.EventSourceMappingConfig;
import dev.sluice.local.lambda.eventsource.ProvisionedPollers;
import dev.sluice.local.lambda.eventsource.VisibilityAdvice;
import dev.sluice.local.lambda.runtime.InvocationResult;
import dev.sluice.local.lambda.runtime.LambdaFunction;
import dev.sluice.local.lambda.runtime.LambdaSettings;
import dev.sluice.local.lambda.runtime.StartSlots;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** Create, get, list, update and delete of SQS event source mappings, validated as AWS does. */
record EventSourceMappingActions(LambdaSettings settings, Map<String, EventSourceMapping> mappings, Functions functions, SqsClient sqs, Supplier<Runnable> scaler) {

    private static final Logger LOG = LoggerFactory.getLogger(EventSourceMappingActions.class);

    /** Finds a function by name or ARN, or fails with ResourceNotFoundException. */
    interface Functions {
        LambdaFunction function(String nameOrArn);
    }

    /** {@code scaler} gives the autoscaler's callback, or null when mappings keep Lambda's fixed concurrency. */

    /** The mappings, oldest first, of one function and/or one queue when given (null: any). */
    ObjectNode list(String functionName, String eventSourceArn) {
        String functionFilter = functionName != null
                ? settings.functionArn(Arn.functionName(functionName)) : null;
        ArrayNode list = Json.MAPPER.createArrayNode();
        mappings.values().stream()
                .filter(m -> functionFilter == null || m.functionArn().equals(functionFilter))
                .filter(m -> eventSourceArn == null || m.eventSourceArn().equals(eventSourceArn))
                .sorted(Comparator.comparing(m -> m.config().lastModified()))
                .forEach(m -> list.add(EventSourceMappingJson.of(m.config(), null)));
        return Json.object().set("EventSourceMappings", list);
    }

    EventSourceMapping mapping(String uuid) {
        EventSourceMapping mapping = mappings.get(uuid);
        if (mapping == null) {
            throw new AwsError(404, "ResourceNotFoundException",
                    "The resource you requested does not exist. (Service: Lambda, Status Code: 404)");
        }
        return mapping;
    }

    EventSourceMappingConfig createMapping(JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        String functionName = fields.requiredText("FunctionName");
        String sourceArn = fields.requiredText("EventSourceArn");
        fields.check();
        if (!Arn.isOf(sourceArn, "sqs")) {
            throw AwsError.invalidParameterValue("EventSourceArn: only SQS queues (arn:aws:sqs:...) are supported "
                    + "locally (given " + sourceArn + ")");
        }
        LambdaFunction function = functions.function(functionName);
        QueueFacts queue = queue(sourceArn);
        EventSourceMappingConfig config = mappingConfig(fields, UUID.randomUUID().toString(), function, sourceArn,
                queue, null);
        EventSourceMapping mapping = new EventSourceMapping(config, sqs, this::invokeForMapping, settings.region(),
                scaler.get() != null);
        mappings.put(config.uuid(), mapping);
        mappingsChanged();
        return config;
    }

    /** Puts back a mapping kept by an earlier run, polling as a new one would. */
    void restoreMapping(EventSourceMappingConfig config) {
        mappings.put(config.uuid(), new EventSourceMapping(config, sqs, this::invokeForMapping, settings.region(),
                scaler.get() != null));
    }

    EventSourceMappingConfig updateMapping(EventSourceMapping mapping, JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        String functionName = fields.text("FunctionName");
        fields.check();
        EventSourceMappingConfig old = mapping.config();
        LambdaFunction function = functions.function(functionName == null ? old.functionArn() : functionName);
        QueueFacts queue = queue(old.eventSourceArn());
        EventSourceMappingConfig config = mappingConfig(fields, old.uuid(), function, old.eventSourceArn(), queue, old);
        mapping.update(config);
        mappingsChanged();
        return config;
    }

    void deleteMapping(String uuid, EventSourceMapping mapping) {
        mappings.remove(uuid);
        mapping.close();
        mappingsChanged();
    }

    private void mappingsChanged() {
        Runnable onChange = scaler.get();
        if (onChange != null) {
            onChange.run();
        }
    }

    private record QueueFacts(String url, boolean fifo, int visibilityTimeout) {
    }

    private QueueFacts queue(String queueArn) {
        try {
            String url = sqs.getQueueUrl(r -> r.queueName(Arn.nameOf(queueArn))).queueUrl();
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url)
                    .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.FIFO_QUEUE)).attributes();
            return new QueueFacts(url, Boolean.parseBoolean(attributes.getOrDefault(QueueAttributeName.FIFO_QUEUE, "false"))
                    || queueArn.endsWith(".fifo"),
                    Integer.parseInt(attributes.getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT, "30")));
        } catch (SqsException e) {
            throw AwsError.invalidParameterValue("Error occurred while ReceiveMessage. SQS Error Code: "
                    + (e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode())
                    + ". Queue " + queueArn + " could not be read");
        }
    }

    private EventSourceMappingConfig mappingConfig(RequestFields fields, String uuid, LambdaFunction function,
                                                   String sourceArn, QueueFacts queue, EventSourceMappingConfig old)
            {
        int batchSize = fields.integer("BatchSize", 1, queue.fifo() ? 10 : 10_000,
                old == null ? 10 : old.batchSize());
        int window = fields.integer("MaximumBatchingWindowInSeconds", 0, 300,
                old == null ? 0 : old.batchingWindowSeconds());
        boolean enabled = fields.bool("Enabled", old == null || old.enabled());
        Integer maximumConcurrency = old == null ? null : old.maximumConcurrency();
        if (fields.has("ScalingConfig")) {
            // AWS's model: "Value '1' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: ..."
            maximumConcurrency = fields.object("ScalingConfig").integer("MaximumConcurrency", 2, 1000, null);
        }
        ProvisionedPollers pollers = old == null ? null : old.provisionedPollers();
        if (fields.has("ProvisionedPollerConfig")) {
            pollers = provisionedPollers(fields.object("ProvisionedPollerConfig"));
        }
        boolean reportFailures = old != null && old.reportBatchItemFailures();
        JsonNode types = fields.node("FunctionResponseTypes");
        if (types != null) {
            reportFailures = false;
            for (JsonNode type : types) {
                if (type.asText().equals("ReportBatchItemFailures")) {
                    reportFailures = true;
                } else {
                    fields.violation("FunctionResponseTypes", type.asText(), "Member must be ReportBatchItemFailures");
                }
            }
        }
        fields.check();
        if (pollers != null && maximumConcurrency != null) {
            throw AwsError.invalidParameterValue("ScalingConfig.MaximumConcurrency and ProvisionedPollerConfig are"
                    + " mutually exclusive: use maximum concurrency or provisioned mode, not both (MaximumConcurrency "
                    + maximumConcurrency + ", MinimumPollers " + pollers.minimumPollers() + ")");
        }
        if (pollers != null && pollers.minimumPollers() < ProvisionedPollers.SQS_LEAST) {
            throw AwsError.invalidParameterValue("ProvisionedPollerConfig.MinimumPollers must be at least "
                    + ProvisionedPollers.SQS_LEAST + " for Amazon SQS (given " + pollers.minimumPollers() + ")");
        }
        if (pollers != null && pollers.maximumPollers() < ProvisionedPollers.SQS_LEAST) {
            throw AwsError.invalidParameterValue("ProvisionedPollerConfig.MaximumPollers must be at least "
                    + ProvisionedPollers.SQS_LEAST + " for Amazon SQS (given " + pollers.maximumPollers() + ")");
        }
        if (pollers != null && pollers.minimumPollers() > pollers.maximumPollers()) {
            throw AwsError.invalidParameterValue("ProvisionedPollerConfig.MinimumPollers must not be greater than"
                    + " MaximumPollers (given MinimumPollers " + pollers.minimumPollers() + ", MaximumPollers "
                    + pollers.maximumPollers() + ")");
        }
        if (queue.fifo() && window > 0) {
            throw AwsError.invalidParameterValue("MaximumBatchingWindowInSeconds is not supported for FIFO queues (given "
                    + window + ")");
        }
        if (batchSize > 10 && window < 1) {
            // AWS's text, to the letter
            throw AwsError.invalidParameterValue("Maximum batch window in seconds must be greater than 0 if maximum "
                    + "batch size is greater than 10");
        }
        int timeout = function.config().timeoutSeconds();
        if (timeout > queue.visibilityTimeout()) {
            throw AwsError.invalidParameterValue("Queue visibility timeout: " + queue.visibilityTimeout()
                    + " seconds is less than Function timeout: " + timeout + " seconds");
        }
        EventSourceMappingConfig config = new EventSourceMappingConfig(uuid, function.config().arn(), sourceArn,
                queue.url(), queue.fifo(), batchSize, window, enabled, reportFailures, maximumConcurrency, Instant.now(),
                queue.visibilityTimeout(), timeout, pollers);
        if (config.windowOutlastsVisibility()) {
            LOG.warn("Event source mapping {} ({} <- {}): the batching window ({} s) plus the function timeout ({} s) "
                    + "exceed the queue's visibility timeout ({} s); AWS advises a visibility timeout of at least 6 "
                    + "times the function timeout plus the window ({} s). Locally, messages collected during the "
                    + "window are received with a visibility timeout covering the rest of the window and the function "
                    + "timeout, so that none is handed out twice", uuid, Arn.functionName(function.config().arn()),
                    Arn.nameOf(sourceArn), window, timeout, queue.visibilityTimeout(), 6 * timeout + window);
        } else if (old == null) {
            VisibilityAdvice.check(function.config().name(), Arn.nameOf(sourceArn), queue.visibilityTimeout(), timeout)
                    .ifPresent(advice -> LOG.warn("Event source mapping {}: {}", uuid, advice));
        }
        ConcurrencyAdvice.check(function.config().name(), Arn.nameOf(sourceArn), function.reservedConcurrency(),
                maximumConcurrency).ifPresent(advice -> LOG.warn("Event source mapping {}: {}", uuid, advice));
        return config;
    }

    /**
     * ProvisionedPollerConfig as given: the API's ranges are checked here (violations); SQS's own minimum of 2 and
     * MinimumPollers &lt;= MaximumPollers after, as AWS does. An empty object turns provisioned mode off.
     */
    private static ProvisionedPollers provisionedPollers(RequestFields config) {
        if (!config.has("MinimumPollers") && !config.has("MaximumPollers")) {
            return null;
        }
        Integer minimum = config.integer("MinimumPollers", 1, ProvisionedPollers.API_MAXIMUM_MINIMUM,
                ProvisionedPollers.DEFAULT_MINIMUM);
        Integer maximum = config.integer("MaximumPollers", 1, ProvisionedPollers.API_MAXIMUM_MAXIMUM,
                ProvisionedPollers.DEFAULT_MAXIMUM);
        return minimum == null || maximum == null ? null : new ProvisionedPollers(minimum, maximum);
    }

    /**
     * A mapping's invoke. Under reserved concurrency it is throttled at once when every reserved environment is busy,
     * as on AWS, where mappings do not account for reserved concurrency (the throttling trap, {@code
     * ConcurrencyAdvice}); without it the function can always start one more environment, and waits only for one
     * that is starting.
     */
    private InvocationResult invokeForMapping(String functionArn, byte[] payload,
                                              StartSlots.WaitListener whileStarting)
            throws InterruptedException {
        LambdaFunction function = functions.function(functionArn);
        Duration wait = function.reservedConcurrency() != null ? Duration.ZERO : Duration.ofSeconds(60);
        return function.invoke(UUID.randomUUID().toString(), payload, wait, whileStarting);
    }
}
