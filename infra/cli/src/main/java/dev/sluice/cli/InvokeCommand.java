package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/**
 * {@code sluice invoke}: one synchronous invocation (Invoke with {@code LogType: Tail}). The result goes to stdout,
 * pretty-printed when it is JSON, so that {@code sluice invoke f | jq} works; the invocation's log tail and its
 * duration go to stderr. A function error prints its type and message and exits with 1.
 */
@Command(name = "invoke", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
        header = "Invoke a function: print its result, then its log tail and duration.",
        description = {"The result goes to stdout (pretty JSON when it is JSON); the end of the invocation's log",
                "(START to REPORT, 4 KB at most) and the duration go to stderr. Exit code 1 on a function error."},
        footer = {"", "Examples:",
                "  sluice invoke processTask --payload '{\"id\":\"t-1\"}' --endpoint-url http://127.0.0.1:4566",
                "  sluice invoke arn:aws:lambda:eu-west-1:123456789012:function:processTask --file event.json",
                "  sluice invoke processTask --file - < event.json | jq .status", ""})
final class InvokeCommand extends AwsCommand {

    /** Lambda's longest timeout (15 minutes) and a margin: the read must outlast the invocation. */
    static final Duration READ_TIMEOUT = Duration.ofMinutes(16);
    private static final Pattern DURATION = Pattern.compile("\tDuration: ([0-9.]+) ms");

    @Parameters(index = "0", paramLabel = "FUNCTION", description = "The function's name or ARN.")
    String function;

    @ArgGroup(exclusive = true)
    Input input;

    static final class Input {
        @Option(names = "--payload", paramLabel = "JSON", description = "The event, as JSON. Default: {}.")
        String payload;

        @Option(names = "--file", paramLabel = "FILE", description = "Read the event from FILE ('-': stdin).")
        Path file;
    }

    @Override
    public Integer call() {
        byte[] payload = payload();
        PrintWriter out = out();
        PrintWriter err = err();
        InvokeResponse response;
        long started = System.nanoTime();
        try (LambdaClient lambda = aws.client(LambdaClient.builder(), READ_TIMEOUT)) {
            response = lambda.invoke(r -> r.functionName(function).logType(LogType.TAIL)
                    .payload(SdkBytes.fromByteArray(payload)));
        }
        double roundTripMillis = (System.nanoTime() - started) / 1e6;
        String result = response.payload() == null ? "" : response.payload().asUtf8String();
        out.println(pretty(result));
        out.flush();
        String tail = response.logResult() == null ? ""
                : new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
        err.print(tail.isEmpty() || tail.endsWith("\n") ? tail : tail + "\n");
        Matcher reported = DURATION.matcher(tail);
        String duration = reported.find() ? reported.group(1) + " ms in the function, " : "";
        err.println("request " + response.responseMetadata().requestId() + ": " + duration
                + String.format(Locale.ROOT, "%.0f ms round trip", roundTripMillis));
        if (response.functionError() != null) {
            err.flush();
            warn(function + " failed: " + describeError(result));
            return 1;
        }
        err.flush();
        return 0;
    }

    /** The event as JSON bytes; not JSON is a usage error (Lambda would refuse it with InvalidRequestContent). */
    private byte[] payload() {
        String text;
        String source;
        if (input == null) {
            return "{}".getBytes(StandardCharsets.UTF_8);
        } else if (input.payload != null) {
            text = input.payload;
            source = "--payload";
        } else {
            text = read(input.file);
            source = "--file " + input.file;
        }
        try {
            Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw usage(source + " is not valid JSON: " + e.getOriginalMessage());
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The event from {@code --file}: a file, or stdin for '-'. */
    private String read(Path file) {
        if (!file.toString().equals("-")) {
            return readInput(file, "--file " + file);
        }
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw usage("--file -: cannot read: " + e.getMessage());
        }
    }

    /** JSON indented, anything else as it came. */
    static String pretty(String result) {
        try {
            JsonNode json = Json.MAPPER.readTree(result);
            return json == null ? result : Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException notJson) {
            return result;
        }
    }

    /** {@code errorType: errorMessage} of an error document (its first line), or the document itself. */
    static String describeError(String document) {
        try {
            JsonNode error = Json.MAPPER.readTree(document);
            if (error != null && error.has("errorType")) {
                String message = error.path("errorMessage").asText("");
                int newline = message.indexOf('\n');
                return error.get("errorType").asText() + ": " + (newline < 0 ? message : message.substring(0, newline));
            }
        } catch (JsonProcessingException notJson) {
            // shown as it is
        }
        return document;
    }
}
