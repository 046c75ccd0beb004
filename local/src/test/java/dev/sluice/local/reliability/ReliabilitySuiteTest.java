package dev.sluice.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.LocalCloud;
import dev.sluice.local.RawHttp;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.template.TemplateDeployer;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestFunctions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The reliability suite, on one local cloud in this JVM (the crash scenario, which needs a process to kill, is
 * {@code CrashDuringFlowReliabilityTest}). Each scenario counts sent / processed / in DLQ / lost / duplicated, asserts
 * lost == 0 (and duplicates only where SQS's at-least-once delivery allows them), and writes its row
 * ({@link Tally}). Real parts throughout: the SDK, raw HTTP, function JVMs under the runtime interface client.
 */
class ReliabilitySuiteTest {

    private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** Seconds the 50 clients send for: 15 in CI; the doc's row was measured with -Dreliability.clientSeconds=60. */
    private static final int CLIENT_SECONDS = Integer.getInteger("reliability.clientSeconds", 15);
    private static final String EVIL = "https://evil.example";

    @TempDir
    static Path dir;
    static LocalCloud cloud;
    static SqsClient sqs;
    static LambdaClient lambda;
    static SdkBytes zip;

    @BeforeAll
    static void start() throws IOException {
        cloud = LocalCloud.builder().port(0).workDir(dir.resolve("work")).autoscaling(false).build().start();
        sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1");
        lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), "us-east-1");
        zip = SdkBytes.fromByteArray(TestFunctions.ZIP.bytes());
    }

    @AfterAll
    static void stop() {
        sqs.close();
        lambda.close();
        cloud.close();
    }

    @Test
    void environmentKillsDuringAFlow() throws Exception {
        int sent = 200;
        int batchSize = 5;
        Path records = dir.resolve("kills.txt");
        createFunction("kill-target", TestFunctions.BATCH, 5, Map.of("RECORD_FILE", records.toString()));
        String dlq = queue("kills-dlq", Map.of());
        String queue = queue("kills", Map.of("VisibilityTimeout", "10", "RedrivePolicy", redrive(dlq, 5)));
        long begun = System.nanoTime();
        sendAll(queue, "kill-", sent, "slow"); // 300 ms a record: batches are in flight when the kills come
        lambda.createEventSourceMapping(b -> b.functionName("kill-target").eventSourceArn(arn(queue))
                .batchSize(batchSize).scalingConfig(s -> s.maximumConcurrency(4))
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES));

        int kills = 0;
        while (kills < 10 && backlog(queue) > 0) {
            Thread.sleep(1500);
            List<ProcessHandle> environments = environmentsOf("kill-target");
            if (!environments.isEmpty()) {
                environments.get(kills % environments.size()).destroyForcibly(); // SIGKILL, as the OOM killer would
                kills++;
            }
        }
        Await.until("the kill queue drained", Duration.ofSeconds(120), () -> backlog(queue) == 0);

        Map<String, Long> seen = recordedBodies(records);
        Set<String> dead = drain(dlq);
        long lost = lostOf("kill-", sent, seen.keySet(), dead);
        long duplicated = duplicates(seen);
        Tally.of("environment-kills", "messages", sent, seen.size(), dead.size(), lost, duplicated, seconds(begun),
                kills + " function JVMs killed with SIGKILL while " + sent + " messages (batches of " + batchSize
                        + ", 4 at a time, 300 ms a record) were processed; a killed batch reappears after the"
                        + " visibility timeout (maxReceiveCount 5)").write();
        assertThat(kills).as("environments killed").isPositive();
        assertThat(lost).as("lost").isZero();
        // at-least-once: only a batch whose environment died after doing its work and before answering comes again
        assertThat(duplicated).as("duplicated").isLessThanOrEqualTo((long) kills * batchSize);
    }

    @Test
    void poisonBodies() throws Exception {
        Path records = dir.resolve("poison.txt");
        createFunction("poison-target", TestFunctions.BATCH, 2, Map.of("RECORD_FILE", records.toString()));
        String dlq = queue("poison-dlq", Map.of());
        // AWS's advice, 6 x the function's timeout: a shorter one lets a batch that runs long (a cold start on a busy
        // machine) reappear before it is deleted, and then good bodies are processed twice
        String queue = queue("poison", Map.of("VisibilityTimeout", "12", "RedrivePolicy", redrive(dlq, 2)));
        List<String> poison = List.of("fail-always", "{\"fail-always\": true}", "<fail-always/>",
                "fail-always " + "x".repeat(200_000), "fail-always \u00e9\u4e2d\ud83d\ude00", "fail-always \t\r\n",
                "fail-always \"quoted\" \\backslash\\", "fail-always null", "fail-always {", "fail-always ]]>",
                "fail-always </script><script>", "fail-always ${jndi:ldap://x}", "fail-always '; DROP TABLE x;--",
                "fail-always %s%n%x", "fail-always \u202e reversed", "fail-always " + "{\"a\":".repeat(500),
                "fail-always \ufeffbom");
        int good = 50;
        long begun = System.nanoTime();
        for (int i = 0; i < Math.max(good, poison.size()); i++) {
            int n = i;
            if (i < good) {
                sqs.sendMessage(b -> b.queueUrl(queue).messageBody("good-" + n));
            }
            if (i < poison.size()) {
                sqs.sendMessage(b -> b.queueUrl(queue).messageBody(poison.get(n)));
            }
        }
        lambda.createEventSourceMapping(b -> b.functionName("poison-target").eventSourceArn(arn(queue)).batchSize(10)
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES));
        Await.until("the poison queue drained", Duration.ofSeconds(90), () -> backlog(queue) == 0);

        Map<String, Long> goodSeen = new HashMap<>();
        for (String line : lines(records)) { // <group> <body> ok|fail; a poison body may span lines
            int at = line.indexOf(" good-");
            if (at >= 0 && line.endsWith(" ok")) {
                goodSeen.merge(line.substring(at + 1, line.length() - " ok".length()), 1L, Long::sum);
            }
        }
        List<String> dead = new ArrayList<>(drainBodies(dlq));
        long poisonInDlq = dead.stream().filter(body -> body.contains("fail-always")).count();
        long lost = (good - goodSeen.size()) + (poison.size() - poisonInDlq);
        Tally.of("poison-bodies", "messages", good + poison.size(), goodSeen.size(), dead.size(), lost,
                duplicates(goodSeen), seconds(begun), poison.size() + " bodies the function always reports failed"
                        + " (JSON, XML, 200 KB, emoji, RTL mark, BOM, nesting, injection strings) among " + good
                        + " good ones, partial batch responses: the poison ends in the DLQ after maxReceiveCount 2,"
                        + " every good one is processed once").write();
        assertThat(lost).as("lost").isZero();
        assertThat(dead).as("only poison in the DLQ").hasSize(poison.size()).containsExactlyInAnyOrderElementsOf(poison);
        assertThat(duplicates(goodSeen)).as("good bodies processed twice").isZero();
    }

    @Test
    void malformedRequests() throws Exception {
        long begun = System.nanoTime();
        String canary = queue("canary", Map.of());
        sendAll(canary, "canary-", 20, "");
        int port = cloud.endpoint().getPort();
        String json10 = "application/x-amz-json-1.0";
        String json11 = "application/x-amz-json-1.1";
        List<HttpRequest.Builder> requests = List.of(
                aws(json10, "AmazonSQS.SendMessage", "{not json"),
                aws(json10, "AmazonSQS.SendMessage", "{\"QueueUrl\":" + q(canary) + "}"),
                aws(json10, "AmazonSQS.SendMessage", "{\"QueueUrl\":" + q(canary) + ",\"MessageBody\":\"\"}"),
                aws(json10, "AmazonSQS.SendMessage", "{\"QueueUrl\":" + q(canary) + ",\"MessageBody\":\"a\\u0000b\"}"),
                aws(json10, "AmazonSQS.SendMessage", "{\"QueueUrl\":" + q(canary) + ",\"MessageBody\":\""
                        + "x".repeat(1024 * 1024 + 1) + "\"}"),
                aws(json10, "AmazonSQS.SendMessage", "{\"QueueUrl\":" + q(canary) + ",\"MessageBody\":\"x\","
                        + "\"DelaySeconds\":\"soon\"}"),
                aws(json10, "AmazonSQS.SendMessageBatch", "{\"QueueUrl\":" + q(canary) + ",\"Entries\":[]}"),
                aws(json10, "AmazonSQS.DeleteMessage", "{\"QueueUrl\":" + q(canary) + ",\"ReceiptHandle\":\"forged\"}"),
                aws(json10, "AmazonSQS.PurgeQueues", "{}"),
                aws(json10, "AmazonSQS.CreateQueue", "{\"QueueName\":\"bad name!\"}"),
                aws(json10, "AmazonSQS.ReceiveMessage", "{\"QueueUrl\":" + q(canary) + ",\"MaxNumberOfMessages\":11}"),
                aws(json11, "AWSEvents.PutEvents", "{\"Entries\":" + "[{}]".repeat(1) + ",\"x\":}"),
                aws(json11, "AWSEvents.PutRule", "{\"Name\":\"r\",\"EventPattern\":\"{not a pattern\"}"),
                aws(json11, "AWSEvents.PutEvents", "{\"Entries\":[" + String.join(",", java.util.Collections.nCopies(11,
                        "{\"Source\":\"a\",\"DetailType\":\"b\",\"Detail\":\"{}\"}")) + "]}"),
                http("POST", "/2015-03-31/functions", "application/json", "{\"FunctionName\":"),
                http("POST", "/2015-03-31/functions", "application/json", "{\"FunctionName\":\"f\",\"Runtime\":"
                        + "\"cobol\",\"Role\":\"arn:aws:iam::000000000000:role/r\",\"Handler\":\"h\",\"Code\":"
                        + "{\"ZipFile\":\"bm90IGEgemlw\"}}"),
                http("POST", "/2015-03-31/functions/nobody/invocations", "application/json", "{}"),
                http("POST", "/2015-03-31/functions/kill-target/invocations", "application/json", "not json"),
                http("GET", "/2015-03-31/functions/../../etc/passwd", null, null),
                http("POST", "/2015-03-31/event-source-mappings", "application/json", "{\"BatchSize\":0}"));
        long refused = 0;
        List<String> through = new ArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        for (HttpRequest.Builder request : requests) {
            HttpRequest built = request.build();
            try {
                HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 400 && response.statusCode() < 500) {
                    refused++;
                } else {
                    through.add(built.method() + " " + built.uri() + " " + built.headers().firstValue("X-Amz-Target")
                            .orElse("") + " -> " + response.statusCode() + " " + response.body());
                }
            } catch (IOException e) {
                through.add(built.method() + " " + built.uri() + " -> no answer: " + e);
            }
        }
        List<String> raw = List.of("GARBAGE\r\n\r\n",
                "GET /_sluice/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(1024 * 1024)
                        + "\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
                        + "X-Amz-Target: AmazonSQS.ListQueues\r\nContent-Length: 200000000\r\nConnection: close\r\n\r\n{}");
        for (String request : raw) {
            String answer;
            try {
                answer = RawHttp.exchange(port, request);
            } catch (IOException e) {
                answer = "no answer: " + e;
            }
            if (answer.startsWith("HTTP/1.1 4")) {
                refused++;
            } else {
                through.add(request.substring(0, Math.min(40, request.length())) + " -> " + answer);
            }
        }
        int canaryLeft = backlog(canary);
        long sent = requests.size() + raw.size();
        Tally.of("malformed-requests", "requests", sent, refused, 0, through.size() + (20 - canaryLeft), 0, seconds(begun),
                sent + " malformed requests (bad JSON, missing and wrong fields, forged receipt handle, 1 MiB + 1"
                        + " body, NUL in a body, 11 PutEvents entries, bad pattern, non-JSON Invoke payload, unknown"
                        + " runtime, path traversal, garbage request line, 1 MiB header, 200 MB Content-Length):"
                        + " each answered 4xx with AWS's error; 20 messages already queued stay untouched").write();
        assertThat(through).as("requests not refused with a 4xx").isEmpty();
        assertThat(canaryLeft).as("messages queued before").isEqualTo(20);
    }

    @Test
    void malformedTemplates() throws Exception {
        long begun = System.nanoTime();
        List<String> templates = List.of(
                "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  Q:\n    Type: AWS::SQS::Queue\n",
                "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}, \"Q\": {\"Type\": \"AWS::SQS::Queue\"}}}",
                "Resources: [unclosed\n",
                "{\"Resources\": {",
                "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      RedrivePolicy:\n"
                        + "        deadLetterTargetArn: !GetAtt Missing.Arn\n        maxReceiveCount: 3\n",
                "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref Nowhere\n",
                "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    DependsOn: B\n  B:\n    Type: AWS::SQS::Queue\n"
                        + "    DependsOn: A\n",
                "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub '${Unknown}-x'\n",
                "Resources:\n  Q:\n    Properties: {}\n",
                "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: h\n"
                        + "      Runtime: java21\n      Code:\n        ZipFile: 'not a zip'\n",
                "Resources: {}\nOutputs:\n  O:\n    Value: !GetAtt Nothing.Arn\n",
                "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !FindInMap [M, a, b]\n");
        int queuesBefore = sqs.listQueues().queueUrls().size();
        int functionsBefore = lambda.listFunctions().functions().size();
        TemplateDeployer deployer = new TemplateDeployer(cloud.endpoint(), "us-east-1", line -> { });
        long refused = 0;
        List<String> through = new ArrayList<>();
        int n = 0;
        for (String template : templates) {
            try {
                deployer.deploy(template, dir, "bad-" + n++, Map.of());
                through.add(template);
            } catch (RuntimeException expected) {
                assertThat(expected.getMessage()).as("the error names the problem").isNotBlank();
                refused++;
            }
        }
        Path notUtf8 = dir.resolve("not-utf8.yaml");
        Files.write(notUtf8, new byte[] {'R', 'e', 's', 'o', 'u', 'r', 'c', 'e', 's', ':', ' ', (byte) 0xC3, (byte) 0x28});
        try {
            deployer.deploy(notUtf8);
            through.add("not UTF-8");
        } catch (RuntimeException expected) {
            refused++;
        }
        long sent = templates.size() + 1;
        Tally.of("malformed-templates", "templates", sent, refused, 0, through.size(), 0, seconds(begun), sent
                + " invalid templates (duplicate keys in YAML and JSON, unclosed YAML and JSON, a missing GetAtt, Ref,"
                + " Sub or Output target, a dependency cycle, no Type, a code that is not a zip, a missing mapping,"
                + " bytes that are not UTF-8): each refused with an error naming it").write();
        assertThat(through).as("invalid templates that deployed").isEmpty();
        assertThat(sqs.listQueues().queueUrls()).as("queues").hasSize(queuesBefore);
        assertThat(lambda.listFunctions().functions()).as("functions").hasSize(functionsBefore);
    }

    @Test
    void crossOriginAndRebinding() throws Exception {
        long begun = System.nanoTime();
        String victim = queue("victim", Map.of());
        sqs.sendMessage(b -> b.queueUrl(victim).messageBody("victim-1"));
        createFunction("victim-fn", TestFunctions.ECHO, 3, Map.of());
        int port = cloud.endpoint().getPort();
        String create = "{\"FunctionName\":\"planted\",\"Runtime\":\"java21\",\"Role\":\"arn:aws:iam::000000000000:"
                + "role/r\",\"Handler\":\"" + TestFunctions.ECHO + "\",\"Code\":{\"ZipFile\":\""
                + java.util.Base64.getEncoder().encodeToString(zip.asByteArray()) + "\"}}";
        List<HttpRequest.Builder> attempts = List.of(
                http("POST", "/2015-03-31/functions", "text/plain;charset=UTF-8", create),
                http("POST", "/2015-03-31/functions", "application/json", create).header("Origin", EVIL),
                http("POST", "/2015-03-31/functions/victim-fn/invocations", "text/plain", "{}"),
                http("POST", "/2015-03-31/functions/victim-fn/invocations", "application/json", "{}")
                        .header("Origin", EVIL),
                aws("text/plain", "AmazonSQS.CreateQueue", "{\"QueueName\":\"planted\"}"),
                aws("application/x-amz-json-1.0", "AmazonSQS.ReceiveMessage", "{\"QueueUrl\":" + q(victim) + "}")
                        .header("Origin", EVIL),
                http("POST", "/", "application/x-www-form-urlencoded",
                        "Action=CreateQueue&QueueName=planted&Version=2012-11-05").header("Origin", EVIL),
                http("GET", "/000000000000/victim?Action=SendMessage&MessageBody=planted&Version=2012-11-05", null,
                        null),
                http("GET", "/000000000000/victim?Action=ReceiveMessage&Version=2012-11-05", null, null)
                        .header("Sec-Fetch-Site", "cross-site"),
                aws("text/plain", "AWSEvents.CreateEventBus", "{\"Name\":\"planted\"}"),
                http("GET", "/_sluice/status", null, null).header("Origin", EVIL));
        long refused = 0;
        List<String> through = new ArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        for (HttpRequest.Builder attempt : attempts) {
            HttpRequest built = attempt.build();
            HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400 && response.statusCode() < 500) {
                refused++;
            } else {
                through.add(built.method() + " " + built.uri() + " " + built.headers().map() + " -> "
                        + response.statusCode());
            }
        }
        String body = "{\"FunctionName\":\"planted\"}";
        List<String> rebinding = List.of(
                "GET /_sluice/status HTTP/1.1\r\nHost: rebind.evil.example:" + port + "\r\nConnection: close\r\n\r\n",
                "POST /2015-03-31/functions HTTP/1.1\r\nHost: rebind.evil.example:" + port + "\r\nContent-Type: "
                        + "application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body,
                "GET /000000000000/victim?Action=ReceiveMessage&Version=2012-11-05 HTTP/1.1\r\nHost: 1.2.3.4.nip.io:"
                        + port + "\r\nConnection: close\r\n\r\n");
        for (String request : rebinding) {
            String answer = RawHttp.exchange(port, request);
            if (answer.startsWith("HTTP/1.1 403")) {
                refused++;
            } else {
                through.add(request.lines().findFirst().orElse("") + " -> " + answer.lines().findFirst().orElse(""));
            }
        }
        boolean planted = sqs.listQueues().queueUrls().stream().anyMatch(url -> url.endsWith("/planted"))
                || lambda.listFunctions().functions().stream().anyMatch(f -> f.functionName().equals("planted"));
        int victimMessages = backlog(victim);
        long sent = attempts.size() + rebinding.size();
        long gotThrough = through.size() + (planted ? 1 : 0) + (victimMessages == 1 ? 0 : 1)
                + cloud.lambda().stats("victim-fn").invocations();
        Tally.of("cross-origin-and-rebinding", "requests", sent, refused, 0, gotThrough, 0, seconds(begun), sent
                + " browser-style attempts (text/plain and form bodies, a foreign Origin, a cross-site GET, Query"
                + " writes by GET, foreign Host names as after DNS rebinding) to create, invoke, send, read and see"
                + " status: all refused (403/415/400), nothing created, invoked or read").write();
        assertThat(through).as("attempts that got through").isEmpty();
        assertThat(gotThrough).as("effects of the attempts").isZero();
    }

    @Test
    void fiftyConcurrentClients() throws Exception {
        int clients = 50;
        Path records = dir.resolve("clients.txt");
        createFunction("clients-target", TestFunctions.BATCH, 5, Map.of("RECORD_FILE", records.toString()));
        String dlq = queue("clients-dlq", Map.of());
        String queue = queue("clients", Map.of("VisibilityTimeout", "30", "RedrivePolicy", redrive(dlq, 5)));
        lambda.createEventSourceMapping(b -> b.functionName("clients-target").eventSourceArn(arn(queue))
                .batchSize(10).scalingConfig(s -> s.maximumConcurrency(5))
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES));
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong refusedSends = new AtomicLong();
        long begun = System.nanoTime();
        long deadline = begun + TimeUnit.SECONDS.toNanos(CLIENT_SECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Set<String>>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            results.add(pool.submit(() -> {
                Set<String> sentBodies = new HashSet<>();
                try (SqsClient own = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1")) {
                    for (int i = 0; System.nanoTime() < deadline; i++) {
                        String body = "client" + client + "-" + i;
                        try {
                            if (i % 5 == 4) { // a batch now and then, as producers do
                                List<String> bodies = List.of(body + "a", body + "b", body + "c");
                                var answer = own.sendMessageBatch(b -> b.queueUrl(queue).entries(bodies.stream()
                                        .map(x -> software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry
                                                .builder().id(x.substring(x.length() - 1)).messageBody(x).build())
                                        .toList()));
                                answer.successful().forEach(s -> sentBodies.add(body + s.id()));
                                refusedSends.addAndGet(answer.failed().size());
                            } else {
                                own.sendMessage(b -> b.queueUrl(queue).messageBody(body));
                                sentBodies.add(body);
                            }
                        } catch (RuntimeException e) {
                            refusedSends.incrementAndGet();
                        }
                    }
                }
                return sentBodies;
            }));
        }
        Set<String> sent = new HashSet<>();
        for (Future<Set<String>> result : results) {
            sent.addAll(result.get());
        }
        pool.shutdown();
        acknowledged.set(sent.size());
        Await.until("the clients' queue drained", Duration.ofSeconds(120 + 4L * CLIENT_SECONDS),
                () -> backlog(queue) == 0);

        Map<String, Long> seen = recordedBodies(records);
        Set<String> dead = drain(dlq);
        Set<String> accounted = new HashSet<>(seen.keySet());
        accounted.addAll(dead);
        long lost = sent.stream().filter(body -> !accounted.contains(body)).count();
        long duplicated = duplicates(seen);
        Tally.of("concurrent-clients", "messages", acknowledged.get(), seen.size(), dead.size(), lost, duplicated,
                seconds(begun), clients + " SDK clients, each its own connection pool, sending (one in five a batch"
                        + " of 3) for " + CLIENT_SECONDS + " s while a mapping (5 at a time, batches of 10) consumes;"
                        + " seconds include the drain; " + refusedSends.get() + " sends refused (not counted as sent)"
                        + (CLIENT_SECONDS == 15 ? "" : "; -Dreliability.clientSeconds=" + CLIENT_SECONDS)).write();
        assertThat(lost).as("lost").isZero();
        assertThat(duplicated).as("duplicated (no environment died)").isZero();
        assertThat(seen.keySet()).as("processed only what was sent").isSubsetOf(sent);
    }

    // ---- helpers ----

    private static void createFunction(String name, String handler, int timeout, Map<String, String> variables) {
        lambda.createFunction(r -> r.functionName(name).runtime(Runtime.JAVA21).handler(handler)
                .role("arn:aws:iam::000000000000:role/test").timeout(timeout).memorySize(256)
                .environment(e -> e.variables(variables)).code(code -> code.zipFile(zip)));
    }

    private static String queue(String name, Map<String, String> attributes) {
        return sqs.createQueue(b -> b.queueName(name).attributesWithStrings(attributes)).queueUrl();
    }

    private static String redrive(String dlq, int maxReceiveCount) {
        return "{\"deadLetterTargetArn\":\"" + arn(dlq) + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
    }

    private static String arn(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    private static String q(String url) {
        return "\"" + url + "\"";
    }

    private static void sendAll(String queue, String prefix, int count, String suffix) {
        for (int from = 0; from < count; from += 10) {
            int first = from;
            sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(java.util.stream.IntStream
                    .range(first, Math.min(count, first + 10))
                    .mapToObj(i -> software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder()
                            .id("m" + i).messageBody(prefix + i + (suffix.isEmpty() ? "" : " " + suffix)).build())
                    .toList()));
        }
    }

    /** Visible plus in flight (delayed messages are not used here). */
    private static int backlog(String url) {
        Map<String, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
        return Integer.parseInt(a.get("ApproximateNumberOfMessages"))
                + Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible"));
    }

    /** Receives and deletes everything in {@code url}; the bodies' first words. */
    private static Set<String> drain(String url) {
        return drainBodies(url).stream().map(body -> body.split(" ")[0]).collect(Collectors.toSet());
    }

    private static List<String> drainBodies(String url) {
        List<String> bodies = new ArrayList<>();
        while (true) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                return bodies;
            }
            for (Message message : messages) {
                bodies.add(message.body());
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
            }
        }
    }

    /** The Batch fixture's lines ({@code <group> <body...> ok|fail}): each body's first word, with how often it was ok. */
    private static Map<String, Long> recordedBodies(Path records) {
        return lines(records).stream().filter(line -> line.endsWith(" ok")).map(line -> line.split(" ")[1])
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static long lostOf(String prefix, int sent, Set<String> processed, Set<String> dead) {
        long lost = 0;
        for (int i = 0; i < sent; i++) {
            String body = prefix + i;
            if (!processed.contains(body) && !dead.contains(body)) {
                lost++;
            }
        }
        return lost;
    }

    private static long duplicates(Map<String, Long> seen) {
        return seen.values().stream().mapToLong(count -> count - 1).sum();
    }

    private static double seconds(long begunNanos) {
        return (System.nanoTime() - begunNanos) / 1e9;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList() : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The function JVMs of {@code function} that this JVM started (by their environment's function name). */
    private static List<ProcessHandle> environmentsOf(String function) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains(RIC_MAIN)).orElse(false))
                .filter(p -> {
                    try {
                        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ")),
                                StandardCharsets.UTF_8).contains("AWS_LAMBDA_FUNCTION_NAME=" + function + "\0");
                    } catch (IOException gone) {
                        return false;
                    }
                })
                .toList();
    }

    private static HttpRequest.Builder http(String method, String path, String contentType, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(cloud.endpoint() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return contentType == null ? builder : builder.header("Content-Type", contentType);
    }

    private static HttpRequest.Builder aws(String contentType, String target, String body) {
        return http("POST", "/", contentType, body).header("X-Amz-Target", target);
    }
}
