package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.local.core.Arn;
import dev.sluice.local.core.Json;
import dev.sluice.local.status.StatusSnapshot;
import dev.sluice.local.status.StatusSnapshot.MappingStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** {@code sluice status}: queue depths (with their dead-letter queues), event source mappings and function states. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
        header = "Show queue depths, dead-letter depths, event source mappings and function states.",
        description = {"Against the local cloud, mappings include running environments and the autoscaler's last",
                "decision (from its /_sluice/status endpoint); against AWS or LocalStack those are null."})
final class StatusCommand extends AwsCommand {

    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofMinutes(1);
    /** Moves the cursor home and clears the screen. */
    static final String CLEAR_SCREEN = "\033[H\033[2J";
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");
    private static final Duration LOCAL_STATUS_TIMEOUT = Duration.ofSeconds(2);

    @Option(names = "--queue-prefix", paramLabel = "PREFIX",
            description = "Only queues whose name starts with PREFIX (e.g. a stage's 'dev-'). Default: every queue.")
    String queuePrefix;

    @Option(names = "--json", description = "Print the status as one JSON object with 'queues', 'functions',"
            + " 'mappings' and (from the local cloud) 'faults'.")
    boolean json;

    @Option(names = "--watch", description = "Redraw the status as a table every --interval until Ctrl-C.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
            description = "Time between redraws with --watch: 100ms-1m, e.g. 500ms, 2s. Default: ${DEFAULT-VALUE}.")
    String interval;

    @Option(names = "--count", paramLabel = "N",
            description = "With --watch, stop after N redraws (default: until Ctrl-C).")
    Integer count;

    @Override
    public Integer call() throws JsonProcessingException, InterruptedException {
        Duration pause = validate();
        PrintWriter out = out();
        try (SqsClient sqs = aws.client(SqsClient.builder());
             LambdaClient lambda = aws.client(LambdaClient.builder())) {
            if (!watch) {
                StatusReport report = report(sqs, lambda);
                if (json) {
                    out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
                } else {
                    report.printTable(out);
                }
                out.flush();
                return 0;
            }
            for (int drawn = 0; count == null || drawn < count; drawn++) {
                if (drawn > 0) {
                    Thread.sleep(pause.toMillis());
                }
                StatusReport report = report(sqs, lambda);
                out.print(CLEAR_SCREEN);
                out.println("sluice status: " + aws.describeEndpoint() + " at " + Instant.now()
                        + " (every " + interval + "; Ctrl-C stops)");
                out.println();
                report.printTable(out);
                out.flush();
            }
        }
        return 0;
    }

    private Duration validate() {
        if (watch && json) {
            throw usage("--watch and --json exclude each other: give one");
        }
        if (!watch && count != null) {
            throw usage("--count needs --watch");
        }
        if (count != null && count < 1) {
            throw usage("--count must be at least 1 (given " + count + ")");
        }
        Matcher m = DURATION.matcher(interval.strip());
        Duration pause = null;
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            pause = unit.equals("ms") ? Duration.ofMillis(amount)
                    : unit.equals("m") ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
        }
        if (pause == null || pause.compareTo(MIN_INTERVAL) < 0 || pause.compareTo(MAX_INTERVAL) > 0) {
            throw usage("--interval must be between 100ms and 1m, e.g. 500ms or 2s (given '" + interval + "')");
        }
        return pause;
    }

    private StatusReport report(SqsClient sqs, LambdaClient lambda) {
        List<StatusReport.QueueRow> queues = queues(sqs);
        Optional<StatusSnapshot> local = localStatus();
        List<MappingStatus> mappings = local.isPresent() ? local.get().mappings() : mappings(lambda, queues);
        List<StatusReport.FunctionRow> functions = functions(lambda);
        if (local.isPresent()) {
            // The local cloud counts each function's errors and keeps its last one: add them.
            Map<String, StatusSnapshot.FunctionStatus> byName = new LinkedHashMap<>();
            local.get().functions().forEach(f -> byName.put(f.name(), f));
            functions = functions.stream().map(row -> {
                StatusSnapshot.FunctionStatus status = byName.get(row.name());
                return status == null ? row : row.withErrors(status.errors(), status.lastError());
            }).toList();
        }
        return new StatusReport(queues, functions, mappings,
                local.isPresent() ? local.get().faults() : java.util.List.of());
    }

    /** The local cloud's own status, or empty when the endpoint is something else (AWS, LocalStack, moto). */
    private Optional<StatusSnapshot> localStatus() {
        URI endpoint = aws.endpoint();
        if (endpoint == null) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> response = LocalCloudApi.send(endpoint.resolve("/_sluice/status"), "GET", null,
                    LOCAL_STATUS_TIMEOUT);
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(StatusSnapshot.fromJson(response.body()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // not a local cloud: the AWS APIs tell what they can
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** SQS mappings from ListEventSourceMappings, with depths from the queue rows; no environments. */
    private List<MappingStatus> mappings(LambdaClient lambda, List<StatusReport.QueueRow> queues) {
        Map<String, StatusReport.QueueRow> byName = new LinkedHashMap<>();
        queues.forEach(q -> byName.put(q.name(), q));
        List<MappingStatus> rows = new ArrayList<>();
        try {
            for (EventSourceMappingConfiguration m : lambda.listEventSourceMappingsPaginator().eventSourceMappings()) {
                if (!Arn.isOf(m.eventSourceArn(), "sqs")) {
                    continue;
                }
                String queue = Arn.nameOf(m.eventSourceArn());
                StatusReport.QueueRow row = byName.get(queue);
                boolean known = row != null && row.exists();
                rows.add(new MappingStatus(m.uuid(), Arn.functionName(m.functionArn()), queue, known ? row.url() : null,
                        m.state() == null ? null : "Enabled".equalsIgnoreCase(m.state()),
                        known ? toLong(row.visible()) : null, known ? toLong(row.inFlight()) : null,
                        known ? row.deadLetterQueue() : null, known ? toLong(row.deadLetterDepth()) : null,
                        null, m.scalingConfig() == null ? null : m.scalingConfig().maximumConcurrency(),
                        null, null, null, null, null, null, null, null, null,
                        concurrencyWarning(lambda, m, queue), null, null, null, null));
            }
        } catch (AwsServiceException e) {
            warn("event source mappings not listed: " + OneLineErrors.describe(e, spec));
        }
        return rows;
    }

    /** The throttling trap for a mapping on AWS or LocalStack: its function's reserved concurrency, read once. */
    private static String concurrencyWarning(LambdaClient lambda, EventSourceMappingConfiguration m, String queue) {
        String function = Arn.functionName(m.functionArn());
        try {
            Integer reserved = lambda.getFunctionConcurrency(r -> r.functionName(function))
                    .reservedConcurrentExecutions();
            Integer maximum = m.scalingConfig() == null ? null : m.scalingConfig().maximumConcurrency();
            return dev.sluice.local.lambda.eventsource.ConcurrencyAdvice.check(function, queue, reserved, maximum)
                    .orElse(null);
        } catch (AwsServiceException unknown) {
            return null; // not allowed to read it, or no such API: nothing to warn about
        }
    }

    private List<StatusReport.QueueRow> queues(SqsClient sqs) {
        Map<String, String> urlsByName = new java.util.TreeMap<>();
        sqs.listQueuesPaginator(r -> r.maxResults(1000).queueNamePrefix(queuePrefix)).queueUrls()
                .forEach(url -> urlsByName.put(QueueNames.nameOf(url), url));
        List<StatusReport.QueueRow> rows = new ArrayList<>();
        urlsByName.forEach((name, url) -> rows.add(queue(sqs, name, url)));
        return rows;
    }

    private StatusReport.QueueRow queue(SqsClient sqs, String name, String url) {
        Map<QueueAttributeName, String> attributes;
        try {
            attributes = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes();
        } catch (QueueDoesNotExistException e) {
            return StatusReport.QueueRow.missing(name); // deleted between the listing and now
        }
        String deadLetterName = QueueNames.deadLetterQueueOf(attributes.get(QueueAttributeName.REDRIVE_POLICY));
        Integer deadLetterDepth = null;
        if (deadLetterName != null) {
            try {
                String deadLetterUrl = sqs.getQueueUrl(r -> r.queueName(deadLetterName)).queueUrl();
                Map<QueueAttributeName, String> dlq = sqs.getQueueAttributes(r -> r.queueUrl(deadLetterUrl)
                        .attributeNames(QueueAttributeName.ALL)).attributes();
                deadLetterDepth = QueueDepth.count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                        + QueueDepth.count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
                        + QueueDepth.count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
            } catch (QueueDoesNotExistException e) {
                deadLetterDepth = null; // the policy points at a deleted queue: show the name, no depth
            }
        }
        return new StatusReport.QueueRow(name, true, url,
                QueueDepth.count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                QueueDepth.count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                QueueDepth.count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED),
                deadLetterName, deadLetterDepth);
    }

    private List<StatusReport.FunctionRow> functions(LambdaClient lambda) {
        List<StatusReport.FunctionRow> rows = new ArrayList<>();
        try {
            // ListFunctions leaves out State and LastUpdateStatus: ask for each function's configuration.
            for (FunctionConfiguration listed : lambda.listFunctionsPaginator().functions()) {
                GetFunctionConfigurationResponse f =
                        lambda.getFunctionConfiguration(r -> r.functionName(listed.functionName()));
                rows.add(new StatusReport.FunctionRow(f.functionName(), f.stateAsString(),
                        f.lastUpdateStatusAsString(), f.runtimeAsString(), null, null));
            }
        } catch (AwsServiceException e) {
            // An endpoint without Lambda (a bare SQS emulator) still has queues worth showing.
            warn("functions not listed: " + OneLineErrors.describe(e, spec));
        }
        return rows;
    }

    private static Long toLong(Integer value) {
        return value == null ? null : value.longValue();
    }
}
