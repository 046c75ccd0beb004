package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** {@code sluice status}: queue depths (with their dead-letter queues) and function states. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
        header = "Show queue depths, dead-letter depths and function states.")
final class StatusCommand implements Callable<Integer> {

    /** The example application's queues: always listed, so a missing one shows up as missing. */
    static final List<String> EXPECTED_QUEUES = List.of("fulfillment", "notifications", "outbox");

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Mixin
    VerboseOption verbose;

    @Mixin
    StageOption stage;

    @Option(names = "--json", description = "Print the status as one JSON object with 'queues' and 'functions'.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        StatusReport report;
        try (SqsClient sqs = aws.client(SqsClient.builder())) {
            List<StatusReport.QueueRow> queues = queues(sqs);
            report = new StatusReport(queues, functions());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            report.printTable(out);
        }
        out.flush();
        return 0;
    }

    private List<StatusReport.QueueRow> queues(SqsClient sqs) {
        Map<String, String> urlsByName = new LinkedHashMap<>();
        for (String name : EXPECTED_QUEUES) {
            urlsByName.put(stage.names().physical(name), null);
        }
        sqs.listQueuesPaginator(r -> r.maxResults(1000)).queueUrls()
                .forEach(url -> urlsByName.put(QueueNames.nameOf(url), url));
        List<StatusReport.QueueRow> rows = new ArrayList<>();
        urlsByName.forEach((name, url) -> rows.add(url == null ? StatusReport.QueueRow.missing(name) : queue(sqs, name, url)));
        return rows;
    }

    private StatusReport.QueueRow queue(SqsClient sqs, String name, String url) {
        Map<QueueAttributeName, String> attributes;
        try {
            attributes = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes();
        } catch (QueueDoesNotExistException e) {
            return StatusReport.QueueRow.missing(name); // deleted between the listing and now
        }
        String deadLetterName = deadLetterTarget(attributes.get(QueueAttributeName.REDRIVE_POLICY));
        Integer deadLetterDepth = null;
        if (deadLetterName != null) {
            try {
                String deadLetterUrl = sqs.getQueueUrl(r -> r.queueName(deadLetterName)).queueUrl();
                Map<QueueAttributeName, String> dlq = sqs.getQueueAttributes(r -> r.queueUrl(deadLetterUrl)
                        .attributeNames(QueueAttributeName.ALL)).attributes();
                deadLetterDepth = count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                        + count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
                        + count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
            } catch (QueueDoesNotExistException e) {
                deadLetterDepth = null; // the policy points at a deleted queue: show the name, no depth
            }
        }
        return new StatusReport.QueueRow(name, true, url,
                count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED),
                deadLetterName, deadLetterDepth);
    }

    private List<StatusReport.FunctionRow> functions() {
        List<StatusReport.FunctionRow> rows = new ArrayList<>();
        try (LambdaClient lambda = aws.client(LambdaClient.builder())) {
            // ListFunctions leaves out State and LastUpdateStatus: ask for each function's configuration.
            for (FunctionConfiguration listed : lambda.listFunctionsPaginator().functions()) {
                GetFunctionConfigurationResponse f =
                        lambda.getFunctionConfiguration(r -> r.functionName(listed.functionName()));
                rows.add(new StatusReport.FunctionRow(f.functionName(), f.stateAsString(),
                        f.lastUpdateStatusAsString(), f.runtimeAsString()));
            }
        } catch (AwsServiceException e) {
            // An endpoint without Lambda (a bare SQS emulator) still has queues worth showing.
            PrintWriter err = spec.commandLine().getErr();
            err.println("sluice: functions not listed: " + OneLineErrors.describe(e, spec));
            err.flush();
        }
        return rows;
    }

    private static String deadLetterTarget(String redrivePolicy) {
        if (redrivePolicy == null || redrivePolicy.isBlank()) {
            return null;
        }
        try {
            JsonNode arn = new ObjectMapper().readTree(redrivePolicy).path("deadLetterTargetArn");
            return arn.isTextual() ? arn.asText().substring(arn.asText().lastIndexOf(':') + 1) : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static int count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
        String value = attributes.get(name);
        return value == null ? 0 : Integer.parseInt(value.strip());
    }
}
