package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.Json;
import dev.sluice.local.faults.Fault;
import dev.sluice.local.faults.FaultsApi;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice chaos ...}: faults injected by a running local cloud ({@code /_sluice/faults}), free where LocalStack
 * charges for its Chaos API. The local cloud checks every declaration too; its refusals are usage errors here.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
        header = "Make functions fail, slow down, time out or be throttled, or AWS operations answer errors.",
        description = {"Faults live in the running local cloud (sluice local up) until removed or the cloud stops;",
                "they show in 'sluice status' and on the dashboard. See local/README.md, \"Fault injection\"."},
        subcommands = {ChaosCommand.Add.class, ChaosCommand.ListFaults.class, ChaosCommand.Remove.class,
                CommandLine.HelpCommand.class})
final class ChaosCommand implements Runnable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing command: try 'sluice chaos add', 'list' or 'remove'");
    }

    /**
     * A subcommand that talks to the fault API of the local cloud at --endpoint-url (else $SLUICE_ENDPOINT_URL, ...) or
     * at the default local port.
     */
    abstract static class FaultsCommand extends AwsCommand {

        /**
         * Sends one request to the fault API: a refused declaration (400 ValidationException) is the user's wrong
         * argument (exit 2, in the cloud's own words); an unknown fault id comes back as the 404 answer; anything else
         * that is not 2xx, or no answer at all, is a failure (exit 1).
         */
        HttpResponse<String> request(String method, String suffix, String json) {
            URI endpoint = aws.endpoint();
            URI base = endpoint != null ? endpoint : URI.create("http://127.0.0.1:" + LocalCloud.DEFAULT_PORT);
            URI uri = base.resolve(FaultsApi.PATH + suffix);
            HttpResponse<String> response;
            try {
                response = LocalCloudApi.send(uri, method, json, TIMEOUT);
            } catch (IOException e) {
                throw new CommandFailure("no local cloud answers at " + uri.resolve("/") + " ("
                        + e.getClass().getSimpleName()
                        + "): start one with 'sluice local up', or give its --endpoint-url");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailure("interrupted");
            }
            JsonNode body = LocalCloudApi.json(response.body());
            String code = body == null ? null : body.path("__type").asText(null);
            if (response.statusCode() == 400 && "ValidationException".equals(code)) {
                throw usage(message(response));
            }
            if (response.statusCode() == 404 && !"ResourceNotFoundException".equals(code)) {
                throw new CommandFailure(uri.resolve("/") + " has no fault API (" + FaultsApi.PATH + "): it is not a"
                        + " Sluice local cloud; start one with 'sluice local up', or give its --endpoint-url");
            }
            if (response.statusCode() / 100 != 2 && response.statusCode() != 404) {
                throw new CommandFailure(method + " " + uri + " answered " + response.statusCode() + ": "
                        + message(response));
            }
            return response;
        }

        private static String message(HttpResponse<String> response) {
            String message = LocalCloudApi.errorMessage(response.body());
            return message == null ? response.body() : message;
        }
    }

    /** {@code sluice chaos add}: one fault on a function's invocations or on an API operation. */
    @Command(name = "add", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
            header = "Add a fault to a function's invocations or to an SQS, EventBridge or Lambda operation.",
            description = {"A function fault (--function) does one of: --error TYPE (the invocation fails with that",
                    "errorType, the handler does not run), --delay MS (it starts late), --timeout (Sandbox.Timedout",
                    "after the function's timeout), --throttle (429 TooManyRequestsException), --kill (the",
                    "environment is killed as it takes the invocation: Runtime.ExitError).",
                    "An API fault (--service, --operation) answers that operation with the AWS error --error CODE",
                    "(status from --status, else AWS's usual one for the code).",
                    "Examples:",
                    "  sluice chaos add --function issue-invoice --error LedgerDown --probability 0.2 --seed 7",
                    "  sluice chaos add --service sqs --operation SendMessage --error ServiceUnavailable"})
    static final class Add extends FaultsCommand {

        @Option(names = "--function", paramLabel = "NAME", description = "The function whose invocations change"
                + " (it may be deployed later).")
        String function;

        @Option(names = "--service", paramLabel = "SERVICE", description = "sqs, events or lambda: an API fault.")
        String service;

        @Option(names = "--operation", paramLabel = "OPERATION", description = "The API operation, as AWS names it:"
                + " SendMessage, PutEvents, Invoke, ...")
        String operation;

        @Option(names = "--error", paramLabel = "TYPE", description = "Fail with this errorType (a function) or"
                + " AWS error code (an operation).")
        String error;

        @Option(names = "--message", paramLabel = "TEXT", description = "The error's message (default: names the"
                + " fault).")
        String message;

        @Option(names = "--status", paramLabel = "HTTP", description = "An API error's HTTP status, 400-599.")
        Integer status;

        @Option(names = "--delay", paramLabel = "MS", description = "Start each invocation MS milliseconds late.")
        Long delayMillis;

        @Option(names = "--timeout", description = "Time invocations out.")
        boolean timeout;

        @Option(names = "--throttle", description = "Throttle invocations (429 TooManyRequestsException).")
        boolean throttle;

        @Option(names = "--kill", description = "Kill the environment running each invocation.")
        boolean kill;

        @Option(names = "--probability", paramLabel = "P", defaultValue = "1",
                description = "The chance that the fault fires on each invocation or call, 0-1. Default: ${DEFAULT-VALUE}.")
        double probability;

        @Option(names = "--seed", paramLabel = "N", description = "Seed of the fault's random decisions: the same seed"
                + " gives the same sequence. Default: a random one.")
        Long seed;

        @Override
        public Integer call() throws IOException {
            ObjectNode declaration = declaration();
            HttpResponse<String> response = request("POST", "", declaration.toString());
            Fault fault = Json.MAPPER.readValue(response.body(), Fault.class);
            PrintWriter out = out();
            out.println("Added " + fault.describe());
            out.println("Remove it with: sluice chaos remove " + fault.id());
            out.flush();
            return 0;
        }

        /** The declaration for the API; what the CLI can tell alone is a usage error before any request. */
        private ObjectNode declaration() {
            if (probability < 0 || probability > 1 || Double.isNaN(probability)) {
                throw usage("--probability must be between 0 and 1 (given " + probability + ")");
            }
            ObjectNode body = Json.object();
            if ((function == null) == (service == null)) {
                throw usage(function == null
                        ? "give --function NAME (a function's invocations) or --service and --operation (an API call)"
                        : "--function and --service exclude each other: a fault targets one");
            }
            List<String> actions = new ArrayList<>();
            if (error != null) {
                actions.add("--error");
            }
            if (delayMillis != null) {
                actions.add("--delay");
            }
            if (timeout) {
                actions.add("--timeout");
            }
            if (throttle) {
                actions.add("--throttle");
            }
            if (kill) {
                actions.add("--kill");
            }
            if (function != null) {
                if (actions.size() != 1) {
                    throw usage("give one of --error TYPE, --delay MS, --timeout, --throttle, --kill (given "
                            + (actions.isEmpty() ? "none" : String.join(" and ", actions)) + ")");
                }
                if (operation != null || status != null) {
                    throw usage((operation != null ? "--operation" : "--status") + " belongs to an API fault"
                            + " (--service), not to a function's");
                }
                if (delayMillis != null && delayMillis < 1) {
                    throw usage("--delay must be at least 1 ms (given " + delayMillis + ")");
                }
                body.put("function", function).put("action", actions.get(0).substring(2));
                if (delayMillis != null) {
                    body.put("delayMillis", delayMillis);
                }
            } else {
                if (operation == null) {
                    throw usage("--service needs --operation (e.g. --service sqs --operation SendMessage)");
                }
                if (error == null || actions.size() > 1) {
                    throw usage("an API fault answers with --error CODE only (given "
                            + (actions.isEmpty() ? "none" : String.join(" and ", actions)) + ")");
                }
                body.put("service", service).put("operation", operation).put("action", "error");
                if (status != null) {
                    body.put("status", status);
                }
            }
            if (error != null) {
                body.put("errorType", error);
            }
            if (message != null) {
                body.put("errorMessage", message);
            }
            body.put("probability", probability);
            if (seed != null) {
                body.put("seed", seed);
            }
            return body;
        }
    }

    /** {@code sluice chaos list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
            header = "List the faults of the local cloud, with how often each fired.")
    static final class ListFaults extends FaultsCommand {

        @Option(names = "--json", description = "Print the API's answer: {\"faults\":[...]}.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            HttpResponse<String> response = request("GET", "", null);
            PrintWriter out = out();
            if (json) {
                out.println(response.body());
            } else {
                List<Fault> faults = new ArrayList<>();
                for (JsonNode fault : Json.MAPPER.readTree(response.body()).path("faults")) {
                    faults.add(Json.MAPPER.treeToValue(fault, Fault.class));
                }
                if (faults.isEmpty()) {
                    out.println("No faults.");
                } else {
                    FaultTable.print(faults, out);
                }
            }
            out.flush();
            return 0;
        }
    }

    /** {@code sluice chaos remove}. */
    @Command(name = "remove", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
            header = "Remove one fault by its id, or all of them.")
    static final class Remove extends FaultsCommand {

        @Parameters(arity = "0..1", paramLabel = "ID", description = "The fault to remove (sluice chaos list shows"
                + " ids).")
        String id;

        @Option(names = "--all", description = "Remove every fault.")
        boolean all;

        @Override
        public Integer call() throws IOException {
            if ((id == null) == !all) {
                throw usage(all ? "give an ID or --all, not both" : "give the ID of the fault to remove, or --all");
            }
            PrintWriter out = out();
            if (all) {
                HttpResponse<String> response = request("DELETE", "", null);
                int removed = Json.MAPPER.readTree(response.body()).path("removed").asInt();
                out.println("Removed " + removed + " fault" + (removed == 1 ? "" : "s"));
            } else {
                HttpResponse<String> response = request("DELETE",
                        "/" + URLEncoder.encode(id, StandardCharsets.UTF_8), null);
                if (response.statusCode() == 404) {
                    throw usage("no fault " + id + " (sluice chaos list shows them)");
                }
                out.println("Removed " + id);
            }
            out.flush();
            return 0;
        }
    }
}
