package dev.sluice.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.CloudContext;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import dev.sluice.local.edge.Claim;
import dev.sluice.local.edge.EdgeService;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.elasticmq.Limits;
import org.elasticmq.NodeAddress;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.util.NowProvider;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.concurrent.Await;
import software.amazon.awssdk.services.sqs.SqsClient;

import dev.sluice.local.state.StateStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SQS: an embedded ElasticMQ on a free port of 127.0.0.1, reached through the edge by proxying each request
 * verbatim. Queue URLs name the edge ({@code http://127.0.0.1:4566/000000000000/orders}), so clients talking to the
 * edge can use them as is; in-process clients may talk to {@link #directEndpoint()} and skip one hop (ElasticMQ
 * reads only the queue name from a queue URL, never its host).
 *
 * <p>Both SQS protocols are accepted: AWS JSON 1.0 ({@code X-Amz-Target: AmazonSQS.*}, SDK v2 and recent CLIs) and
 * the older Query protocol (form-encoded {@code Action=...}, XML answers); a Query request by GET may only read
 * ({@link QueryActions}).
 */
public final class SqsService implements EdgeService, AutoCloseable {

    /** The SQS API version every Query protocol request carries; other Query services use other versions. */
    static final String QUERY_API_VERSION = "2012-11-05";
    /** The namespace of SQS's XML answers. */
    static final String XML_NAMESPACE = "http://queue.amazonaws.com/doc/" + QUERY_API_VERSION + "/";

    private static final Logger LOG = LoggerFactory.getLogger(SqsService.class);
    private static final String TARGET_PREFIX = "AmazonSQS.";
    /** SQS's message size limit (1 MiB since 2025-08), ElasticMQ 1.7.1's too. */
    private static final int MAX_MESSAGE_BYTES = 1_048_576;
    /** Request headers ElasticMQ reads; hop-by-hop headers (host, content-length, ...) are the client's business. */
    private static final List<String> FORWARDED = List.of(
            "content-type", "x-amz-target", "x-amz-date", "authorization", "x-amzn-query-mode",
            "x-amz-security-token", "accept");
    /** A 20 s long poll plus ElasticMQ's own 21 s ceiling, with room to spare. */
    private static final Duration PROXY_TIMEOUT = Duration.ofSeconds(60);

    private final ActorSystem actors;
    private final ActorRef queueManager;
    /** The state's queue listener, or null when queues live in memory only. */
    private final ActorRef queueListener;
    private final Limits limits;
    private final SQSRestServer server;
    private final URI directEndpoint;
    private final HttpClient http;
    private final String queuePathPrefix;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Starts ElasticMQ on a free port of 127.0.0.1.
     *
     * @param context queue URLs are built on its endpoint (the edge); its region and account are in queue ARNs
     */
    public SqsService(CloudContext context) {
        this(context, null);
    }

    /**
     * Starts ElasticMQ on a free port of 127.0.0.1, keeping its queues and messages in {@code state} (null: in memory
     * only): what {@code state} holds from an earlier run is restored before ElasticMQ serves anyone.
     */
    public SqsService(CloudContext context, StateStore state) {
        URI edgeEndpoint = context.endpoint();
        if (edgeEndpoint.getHost() == null || edgeEndpoint.getPort() <= 0) {
            throw new IllegalArgumentException("the edge endpoint must be an absolute http URI with a port (given "
                    + edgeEndpoint + ")");
        }
        queuePathPrefix = "/" + context.accountId() + "/";
        String scheme = edgeEndpoint.getScheme() == null ? "http" : edgeEndpoint.getScheme();
        // The actor system and queue manager are ours, so that InProcessSqsClient can reach the queue actors.
        // No JVM shutdown hook of Pekko's own: on Ctrl-C or SIGTERM it would stop ElasticMQ while the local cloud's
        // clean stop still gives unfinished batches back to their queues; LocalCloud.close() stops it (close()).
        actors = ActorSystem.create("elasticmq", com.typesafe.config.ConfigFactory.parseString(
                "pekko.jvm-shutdown-hooks = off\npekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off")
                .withFallback(com.typesafe.config.ConfigFactory.load()));
        Limits configured = SQSRestServerBuilder.sqsLimits();
        limits = configured;
        int port;
        try {
            Option<ActorRef> listener = state == null ? Option.empty()
                    : Option.apply(actors.actorOf(PersistentQueues.props(state), "sluice-persistent-queues"));
            queueListener = state == null ? null : listener.get();
            queueManager = actors.actorOf(Props.create(QueueManagerActor.class,
                    () -> new QueueManagerActor(new NowProvider(), configured, listener)));
            if (state != null) {
                int[] restored = PersistentQueues.restore(state, queueManager);
                LOG.info("Restored {} queue(s) with {} message(s) from {}", restored[0], restored[1], state.file());
            }
            server = SQSRestServerBuilder
                    .withActorSystem(actors)
                    .withQueueManagerActor(queueManager)
                    .withInterface("127.0.0.1")
                    .withDynamicPort()
                    .withServerAddress(new NodeAddress(scheme, edgeEndpoint.getHost(), edgeEndpoint.getPort(), ""))
                    .withAWSRegion(context.region())
                    .withAWSAccountId(context.accountId())
                    .start();
            port = server.waitUntilStarted().localAddress().getPort();
        } catch (RuntimeException e) {
            terminate(actors);
            throw e;
        }
        directEndpoint = URI.create("http://127.0.0.1:" + port);
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        LOG.info("SQS (ElasticMQ) on {}, queue URLs under {}{}", directEndpoint, edgeEndpoint, queuePathPrefix);
    }

    /** ElasticMQ itself, e.g. {@code http://127.0.0.1:41234}: the fast path for clients in this JVM. */
    public URI directEndpoint() {
        return directEndpoint;
    }

    /**
     * A client for the local cloud's own pollers and targets that sends, receives and deletes through ElasticMQ's
     * queue actors in this JVM, and serves other calls through {@code overHttp} (e.g. {@link
     * dev.sluice.local.core.LocalClients#pollingSqs} of {@link #directEndpoint()}); closing it closes {@code overHttp}.
     */
    public SqsClient inProcessClient(SqsClient overHttp) {
        return new InProcessSqsClient(queueManager, limits, overHttp);
    }

    /** Both protocols: AWS JSON 1.0 by target, Query by API version; queue URLs; anything signed for {@code sqs}. */
    @Override
    public List<Claim> claims() {
        return List.of(Claim.target(TARGET_PREFIX), Claim.queryApi(QUERY_API_VERSION, XML_NAMESPACE),
                Claim.path(queuePathPrefix), Claim.signingName("sqs"));
    }

    /** AWS JSON 1.0 requests ({@code X-Amz-Target: AmazonSQS.*}); Query protocol bodies are forms. */
    @Override
    public boolean readsJson(AwsRequest request) {
        return request.target() != null;
    }

    /**
     * The SQS actions of the AWS JSON protocol (botocore sqs 2012-11-05 service-2.json, "operations"); any other
     * {@code AmazonSQS.*} target answers UnknownOperationException, as AWS JSON services do, not ElasticMQ's
     * InvalidAction.
     */
    static final java.util.Set<String> ACTIONS = java.util.Set.of("AddPermission", "CancelMessageMoveTask",
            "ChangeMessageVisibility", "ChangeMessageVisibilityBatch", "CreateQueue", "DeleteMessage",
            "DeleteMessageBatch", "DeleteQueue", "GetQueueAttributes", "GetQueueUrl", "ListDeadLetterSourceQueues",
            "ListMessageMoveTasks", "ListQueueTags", "ListQueues", "PurgeQueue", "ReceiveMessage", "RemovePermission",
            "SendMessage", "SendMessageBatch", "SetQueueAttributes", "StartMessageMoveTask", "TagQueue", "UntagQueue");

    private static final java.util.Set<String> BATCHES = java.util.Set.of("SendMessageBatch", "DeleteMessageBatch",
            "ChangeMessageVisibilityBatch");

    private static long utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Refusals ElasticMQ words differently from SQS, checked before a JSON request is forwarded. */
    private static void checkJson(AwsRequest request) {
        String action = request.target().substring(TARGET_PREFIX.length());
        if (!ACTIONS.contains(action)) {
            throw AwsError.badRequest("UnknownOperationException", "Operation " + action + " is not an SQS operation");
        }
        if (BATCHES.contains(action)) {
            JsonNode entries;
            try {
                entries = Json.MAPPER.readTree(request.body()).path("Entries");
            } catch (IOException notJson) {
                return; // ElasticMQ answers that
            }
            if (entries.isArray() && entries.isEmpty()) {
                // botocore sqs service-2.json: EmptyBatchRequest, "The batch request doesn't contain any entries."
                throw AwsError.badRequest("EmptyBatchRequest", "There should be at least one "
                        + action.replace("Batch", "") + "BatchRequestEntry in the request.");
            }
            if (action.equals("SendMessageBatch") && entries.isArray()) {
                // API_SendMessageBatch: "the maximum total payload size (the sum of the individual lengths of all of the
                // batched messages) [is] 1 MiB"; over it, BatchRequestTooLong (ElasticMQ would say MessageTooLong)
                long total = 0;
                for (JsonNode entry : entries) {
                    total += utf8Length(entry.path("MessageBody").asText(""));
                    var attributes = entry.path("MessageAttributes").fields();
                    while (attributes.hasNext()) {
                        var attribute = attributes.next();
                        total += utf8Length(attribute.getKey())
                                + utf8Length(attribute.getValue().path("DataType").asText(""))
                                + utf8Length(attribute.getValue().path("StringValue").asText(""))
                                + attribute.getValue().path("BinaryValue").asText("").length() * 3L / 4;
                    }
                }
                if (total > MAX_MESSAGE_BYTES) {
                    throw AwsError.badRequest("BatchRequestTooLong", "Batch requests cannot be longer than "
                            + MAX_MESSAGE_BYTES + " bytes. You have sent " + total + " bytes.");
                }
            }
        }
    }

    /**
     * ElasticMQ's JSON error answers that SQS words differently, as SQS words them: a body with characters outside
     * SQS's set is InvalidMessageContents (ElasticMQ: InvalidAttributeValue), a body over the size limit is
     * InvalidParameterValue "One or more parameters are invalid. Reason: Message must be shorter than N bytes."
     * (ElasticMQ: InvalidAttributeValue "MessageTooLong"), a member of the wrong type is 400 SerializationException
     * (ElasticMQ: 500). Anything else passes as ElasticMQ wrote it.
     */
    private AwsError awsWording(HttpResponse<byte[]> answer) {
        if (answer.statusCode() == 500) {
            // ElasticMQ answers a member of the wrong type ("DelaySeconds": "soon") with 500 "There was an internal
            // server error."; an AWS JSON service refuses it in its deserializer, before the action, with 400
            // SerializationException.
            return AwsError.badRequest("SerializationException", "The request could not be read: a member has the"
                    + " wrong type or shape for this action");
        }
        if (answer.statusCode() != 400) {
            return null;
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(answer.body());
        } catch (IOException notJson) {
            return null;
        }
        String type = body.path("__type").asText("");
        String code = type.substring(type.indexOf('#') + 1);
        String message = body.path("Message").asText(body.path("message").asText(""));
        if (code.equals("InvalidAttributeValue") && message.contains("InvalidMessageContents")
                || code.equals("InvalidMessageContents")) {
            return AwsError.badRequest("InvalidMessageContents", "Invalid characters found in the message body: the"
                    + " allowed characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
        }
        if (code.equals("MessageTooLong") || message.equals("MessageTooLong")) {
            return AwsError.badRequest("InvalidParameterValue", "One or more parameters are invalid. Reason: Message"
                    + " must be shorter than " + MAX_MESSAGE_BYTES + " bytes.");
        }
        return null;
    }

    @Override
    public AwsResponse handle(AwsRequest request) throws Exception {
        QueryActions.checkMethod(request);
        if (request.target() != null) {
            checkJson(request);
        }
        String pathAndQuery = request.path() + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
        HttpRequest.Builder forward = HttpRequest.newBuilder(directEndpoint.resolve(pathAndQuery))
                .timeout(PROXY_TIMEOUT)
                .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (String name : FORWARDED) {
            List<String> values = request.headers().get(name);
            if (values != null) {
                values.forEach(value -> forward.header(name, value));
            }
        }
        HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (queueListener != null && answer.statusCode() == 200 && isPurge(request)) {
            // ElasticMQ tells its listener nothing about a purge: the kept messages go here.
            queueListener.tell(new PersistentQueues.Purged(queueName(request)), ActorRef.noSender());
        }
        AwsError reworded = request.target() != null ? awsWording(answer) : null;
        if (reworded != null) {
            throw reworded;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        answer.headers().map().forEach((name, values) -> {
            // x-amzn-query-error carries the legacy error code SDKs map to QueueDoesNotExist and friends.
            if (name.toLowerCase(Locale.ROOT).startsWith("x-amz") && !values.isEmpty()) {
                headers.put(name, values.get(0));
            }
        });
        String contentType = answer.headers().firstValue("content-type").orElse(null);
        return new AwsResponse(answer.statusCode(), contentType, answer.body(), Map.copyOf(headers));
    }

    private static boolean isPurge(AwsRequest request) {
        if (request.target() != null) {
            return request.target().equals(TARGET_PREFIX + "PurgeQueue");
        }
        String form = new String(request.body(), StandardCharsets.UTF_8) + "&" + (request.rawQuery() == null ? ""
                : request.rawQuery());
        return ("&" + form).contains("&Action=PurgeQueue");
    }

    /** The queue a request names: its QueueUrl member (JSON or form) or its path. */
    private String queueName(AwsRequest request) {
        String url = null;
        if (request.target() != null) {
            try {
                url = Json.MAPPER.readTree(request.body()).path("QueueUrl").asText(null);
            } catch (IOException notJson) {
                url = null;
            }
        } else {
            String form = new String(request.body(), StandardCharsets.UTF_8) + "&" + (request.rawQuery() == null ? ""
                    : request.rawQuery());
            for (String pair : form.split("&")) {
                if (pair.startsWith("QueueUrl=")) {
                    url = java.net.URLDecoder.decode(pair.substring(9), StandardCharsets.UTF_8);
                }
            }
        }
        String path = url != null ? url : request.path();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void terminate(ActorSystem actors) {
        try {
            Await.result(actors.terminate(), scala.concurrent.duration.Duration.create(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            LOG.warn("ElasticMQ's actor system did not stop cleanly: {}", e.toString());
        }
    }

    /** Stops ElasticMQ and its actor system; idempotent. Queues and messages are gone afterwards. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                server.stopAndWait();
            } catch (RuntimeException e) {
                LOG.warn("ElasticMQ did not stop cleanly", e);
            }
            try {
                Await.result(actors.terminate(), scala.concurrent.duration.Duration.create(10, TimeUnit.SECONDS));
            } catch (Exception e) {
                LOG.warn("ElasticMQ's actor system did not stop cleanly", e);
            }
        }
    }
}
