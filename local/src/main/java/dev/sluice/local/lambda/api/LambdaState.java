package dev.sluice.local.lambda.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Arn;
import dev.sluice.local.core.Json;
import dev.sluice.local.lambda.eventsource.EventSourceMapping;
import dev.sluice.local.lambda.eventsource.EventSourceMappingConfig;
import dev.sluice.local.lambda.runtime.EventInvokeConfig;
import dev.sluice.local.lambda.runtime.FunctionConfig;
import dev.sluice.local.lambda.runtime.FunctionJdk;
import dev.sluice.local.lambda.runtime.LambdaFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda service's resources as one JSON document, for the local cloud's state: every function (configuration,
 * where its code is, reserved concurrency, event invoke config, resource policy) and every event source mapping
 * (with its UUID, so that what refers to it still does). Code is not copied: a function's code stays where it was
 * unpacked ({@code <workDir>/lambda/functions/<name>/<sha>/task}, beside the state) or where a hot-reload path points.
 */
final class LambdaState {

    private static final Logger LOG = LoggerFactory.getLogger(LambdaState.class);

    private LambdaState() {
    }

    static ObjectNode snapshot(Map<String, LambdaFunction> functions, Map<String, EventSourceMapping> mappings) {
        ObjectNode doc = Json.object();
        ArrayNode fns = doc.putArray("functions");
        functions.values().stream().sorted(Comparator.comparing(f -> f.config().name())).forEach(function -> {
            FunctionConfig c = function.config();
            ObjectNode f = fns.addObject();
            f.put("name", c.name()).put("arn", c.arn()).put("runtime", c.runtime()).put("role", c.role())
                    .put("handler", c.handler()).put("description", c.description())
                    .put("timeoutSeconds", c.timeoutSeconds()).put("memoryMb", c.memoryMb())
                    .put("taskRoot", c.taskRoot().toString()).put("codeSha256", c.codeSha256())
                    .put("codeSize", c.codeSize()).put("lastModified", c.lastModified().toString())
                    .put("revisionId", c.revisionId()).put("architecture", c.architecture())
                    .put("ephemeralStorageMb", c.ephemeralStorageMb()).put("deadLetterArn", c.deadLetterArn());
            ObjectNode variables = f.putObject("variables");
            new java.util.TreeMap<>(c.variables()).forEach(variables::put);
            if (function.reservedConcurrency() != null) {
                f.put("reservedConcurrency", function.reservedConcurrency());
            }
            EventInvokeConfig invoke = function.configuredEventInvokeConfig();
            if (invoke != null) {
                ObjectNode e = f.putObject("eventInvokeConfig");
                e.put("maximumRetryAttempts", invoke.maximumRetryAttempts())
                        .put("maximumEventAgeSeconds", invoke.maximumEventAgeSeconds())
                        .put("onFailure", invoke.onFailure()).put("onSuccess", invoke.onSuccess())
                        .put("lastModified", invoke.lastModified() == null ? null : invoke.lastModified().toString());
            }
            ObjectNode policy = f.putObject("policy");
            synchronized (function) {
                function.policyStatements().forEach(policy::set);
            }
        });
        ArrayNode all = doc.putArray("eventSourceMappings");
        mappings.values().stream().map(EventSourceMapping::config)
                .sorted(Comparator.comparing(EventSourceMappingConfig::lastModified)).forEach(c -> {
                    ObjectNode m = all.addObject();
                    m.put("uuid", c.uuid()).put("functionArn", c.functionArn()).put("eventSourceArn", c.eventSourceArn())
                            .put("queueUrl", c.queueUrl()).put("fifo", c.fifo()).put("batchSize", c.batchSize())
                            .put("batchingWindowSeconds", c.batchingWindowSeconds()).put("enabled", c.enabled())
                            .put("reportBatchItemFailures", c.reportBatchItemFailures())
                            .put("maximumConcurrency", c.maximumConcurrency())
                            .put("minimumPollers", c.provisionedPollers() == null ? null
                                    : c.provisionedPollers().minimumPollers())
                            .put("maximumPollers", c.provisionedPollers() == null ? null
                                    : c.provisionedPollers().maximumPollers())
                            .put("lastModified", c.lastModified().toString())
                            .put("visibilityTimeoutSeconds", c.visibilityTimeoutSeconds())
                            .put("functionTimeoutSeconds", c.functionTimeoutSeconds());
                });
        return doc;
    }

    /**
     * Puts the functions and mappings of {@code doc} back. A function whose code folder is gone is left out with a
     * warning (redeploying brings it back), and so are its mappings.
     *
     * @return how many functions and mappings came back
     */
    static int[] restore(JsonNode doc, Map<String, LambdaFunction> functions,
                         Function<FunctionConfig, LambdaFunction> newFunction,
                         java.util.function.Consumer<EventSourceMappingConfig> newMapping) {
        int restoredFunctions = 0;
        for (JsonNode f : doc.path("functions")) {
            Path taskRoot = Path.of(f.path("taskRoot").asText());
            String name = f.path("name").asText();
            if (!Files.isDirectory(taskRoot)) {
                LOG.warn("Function {} is not restored: its code folder {} is gone; deploy it again", name, taskRoot);
                continue;
            }
            Map<String, String> variables = new LinkedHashMap<>();
            f.path("variables").properties().forEach(e -> variables.put(e.getKey(), e.getValue().asText()));
            FunctionConfig config = new FunctionConfig(name, f.path("arn").asText(), f.path("runtime").asText(),
                    f.path("role").asText(), f.path("handler").asText(), f.path("description").asText(""),
                    f.path("timeoutSeconds").asInt(3), f.path("memoryMb").asInt(128), variables, taskRoot,
                    f.path("codeSha256").asText(), f.path("codeSize").asLong(),
                    Instant.parse(f.path("lastModified").asText()), f.path("revisionId").asText(),
                    FunctionJdk.forRuntime(f.path("runtime").asText()),
                    f.path("architecture").asText(FunctionConfig.DEFAULT_ARCHITECTURE),
                    f.path("ephemeralStorageMb").asInt(FunctionConfig.DEFAULT_EPHEMERAL_STORAGE_MB),
                    f.path("deadLetterArn").asText(null));
            LambdaFunction function = newFunction.apply(config);
            if (f.hasNonNull("reservedConcurrency")) {
                function.setReservedConcurrency(f.get("reservedConcurrency").asInt());
            }
            JsonNode e = f.path("eventInvokeConfig");
            if (e.isObject()) {
                function.setEventInvokeConfig(new EventInvokeConfig(e.path("maximumRetryAttempts").asInt(2),
                        e.path("maximumEventAgeSeconds").asInt(21_600), e.path("onFailure").asText(null),
                        e.path("onSuccess").asText(null),
                        e.hasNonNull("lastModified") ? Instant.parse(e.get("lastModified").asText()) : null));
            }
            f.path("policy").properties().forEach(s -> function.policyStatements().put(s.getKey(), (ObjectNode) s.getValue()));
            functions.put(name, function);
            restoredFunctions++;
        }
        int restoredMappings = 0;
        for (JsonNode m : doc.path("eventSourceMappings")) {
            String functionArn = m.path("functionArn").asText();
            if (!functions.containsKey(Arn.nameOf(functionArn))) {
                LOG.warn("Event source mapping {} is not restored: its function {} is not there", m.path("uuid").asText(),
                        functionArn);
                continue;
            }
            newMapping.accept(new EventSourceMappingConfig(m.path("uuid").asText(), functionArn,
                    m.path("eventSourceArn").asText(), m.path("queueUrl").asText(), m.path("fifo").asBoolean(),
                    m.path("batchSize").asInt(10), m.path("batchingWindowSeconds").asInt(),
                    m.path("enabled").asBoolean(true), m.path("reportBatchItemFailures").asBoolean(),
                    m.hasNonNull("maximumConcurrency") ? m.get("maximumConcurrency").asInt() : null,
                    Instant.parse(m.path("lastModified").asText()), m.path("visibilityTimeoutSeconds").asInt(30),
                    m.path("functionTimeoutSeconds").asInt(3),
                    m.hasNonNull("minimumPollers") ? new dev.sluice.local.lambda.eventsource.ProvisionedPollers(
                            m.get("minimumPollers").asInt(), m.get("maximumPollers").asInt()) : null));
            restoredMappings++;
        }
        return new int[] {restoredFunctions, restoredMappings};
    }
}
