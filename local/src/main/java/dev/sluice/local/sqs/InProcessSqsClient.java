package dev.sluice.local.sqs;

import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.BinaryMessageAttribute;
import org.elasticmq.DeduplicationId;
import org.elasticmq.DefaultVisibilityTimeout$;
import org.elasticmq.DeliveryReceipt;
import org.elasticmq.ImmediateNextDelivery$;
import org.elasticmq.Limits;
import org.elasticmq.MessageAttribute;
import org.elasticmq.MessageContent;
import org.elasticmq.MessageData;
import org.elasticmq.MillisVisibilityTimeout;
import org.elasticmq.NewMessageData;
import org.elasticmq.NumberMessageAttribute;
import org.elasticmq.OnDateTimeReceived;
import org.elasticmq.QueueData;
import org.elasticmq.StringMessageAttribute;
import org.elasticmq.VisibilityTimeout;
import org.elasticmq.msg.DeleteMessage;
import org.elasticmq.msg.GetQueueData;
import org.elasticmq.msg.LookupQueue;
import org.elasticmq.msg.ReceiveMessages;
import org.elasticmq.msg.SendMessage;
import org.elasticmq.rest.sqs.MD5Util;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;
import scala.util.Either;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local cloud's own SQS client: the hot operations (send, batch send, receive, batch delete) go straight to
 * ElasticMQ's queue actors in this JVM, the rest to {@code http} (ElasticMQ's HTTP endpoint). Over HTTP, each event
 * costs an SDK marshalling and signing, a Pekko HTTP request and its parsing on both sides, three times on its way
 * (SendMessageBatch from a rule target, ReceiveMessage and DeleteMessageBatch from a mapping); that was most of the
 * local cloud's CPU per event. Messages, their ids, receipts, attributes and MD5s are the ones ElasticMQ gives HTTP
 * clients (InProcessSqsClientTest compares the two).
 *
 * <p>GetQueueUrl and GetQueueAttributes go over HTTP. Other operations throw the SDK interface's
 * UnsupportedOperationException: this client is for the local cloud's own pollers and targets, not for users. A
 * queue's FIFO and content-based-deduplication settings are read once per queue actor.
 */
public final class InProcessSqsClient implements SqsClient {

    /** Attributes ElasticMQ's ReceiveMessage gives back for {@code All}, in the same order. */
    private static final List<String> SYSTEM_ATTRIBUTES = List.of("SenderId", "SentTimestamp",
            "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "MessageDeduplicationId", "MessageGroupId",
            "SequenceNumber", "AWSTraceHeader");
    /** A lookup or a send, which the actors answer at once. */
    private static final Duration SHORT_ASK = Duration.ofSeconds(30);
    /** The longest long poll SQS allows. */
    private static final int MAX_WAIT_SECONDS = 20;
    /** How long after its wait a receive may take to be answered before it counts as failed. */
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(5);

    private final ActorRef queueManager;
    private final Limits limits;
    private final SqsClient http;
    private final Map<String, QueueRef> queues = new ConcurrentHashMap<>();

    /** A queue's actor and the facts sends need; looked up again once the actor has stopped (queue deleted). */
    private record QueueRef(ActorRef actor, boolean fifo, boolean contentBasedDeduplication) {
    }

    InProcessSqsClient(ActorRef queueManager, Limits limits, SqsClient http) {
        this.queueManager = queueManager;
        this.limits = limits;
        this.http = http;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public GetQueueUrlResponse getQueueUrl(GetQueueUrlRequest request) {
        return http.getQueueUrl(request);
    }

    @Override
    public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest request) {
        return http.getQueueAttributes(request);
    }

    /** A clean stop gives unfinished batches back to their queue with it (rare: over HTTP). */
    @Override
    public software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse changeMessageVisibilityBatch(
            software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest request) {
        return http.changeMessageVisibilityBatch(request);
    }

    @Override
    public SendMessageResponse sendMessage(SendMessageRequest request) {
        QueueRef queue = queue(request.queueUrl());
        MessageData sent;
        try {
            sent = send(request.queueUrl(), queue, request.messageBody(), request.messageAttributes(), request.delaySeconds(),
                    request.messageGroupId(), request.messageDeduplicationId(), 0);
        } catch (InvalidEntry e) {
            throw SqsException.builder().statusCode(400).message(e.code + ": " + e.getMessage())
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode(e.code).errorMessage(e.getMessage())
                            .serviceName(SERVICE_NAME).build())
                    .build();
        }
        return SendMessageResponse.builder()
                .messageId(sent.id().id())
                .md5OfMessageBody(MD5Util.md5Digest(request.messageBody()))
                .md5OfMessageAttributes(request.messageAttributes().isEmpty() ? null
                        : MD5Util.md5AttributeDigest(toElasticMq(request.messageAttributes())))
                .sequenceNumber(orNull(sent.sequenceNumber()))
                .build();
    }

    @Override
    public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
        QueueRef queue = queue(request.queueUrl());
        List<SendMessageBatchResultEntry> sent = new ArrayList<>();
        List<BatchResultErrorEntry> failed = new ArrayList<>();
        List<SendMessageBatchRequestEntry> entries = request.entries();
        for (int i = 0; i < entries.size(); i++) {
            SendMessageBatchRequestEntry entry = entries.get(i);
            try {
                MessageData message = send(request.queueUrl(), queue, entry.messageBody(), entry.messageAttributes(),
                        entry.delaySeconds(), entry.messageGroupId(), entry.messageDeduplicationId(), i);
                sent.add(SendMessageBatchResultEntry.builder()
                        .id(entry.id())
                        .messageId(message.id().id())
                        .md5OfMessageBody(MD5Util.md5Digest(entry.messageBody()))
                        .md5OfMessageAttributes(entry.messageAttributes().isEmpty() ? null
                                : MD5Util.md5AttributeDigest(toElasticMq(entry.messageAttributes())))
                        .sequenceNumber(orNull(message.sequenceNumber()))
                        .build());
            } catch (InvalidEntry e) {
                failed.add(BatchResultErrorEntry.builder().id(entry.id()).code(e.code).message(e.getMessage())
                        .senderFault(true).build());
            }
        }
        return SendMessageBatchResponse.builder().successful(sent).failed(failed).build();
    }

    @Override
    public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
        QueueRef queue = queue(request.queueUrl());
        VisibilityTimeout visibility = request.visibilityTimeout() == null
                ? DefaultVisibilityTimeout$.MODULE$ : MillisVisibilityTimeout.fromSeconds(request.visibilityTimeout());
        int count = request.maxNumberOfMessages() == null ? 1 : request.maxNumberOfMessages();
        if (count < 1 || count > 10) {
            throw SdkClientException.create("MaxNumberOfMessages must be 1-10 (given " + count + ")");
        }
        Option<java.time.Duration> wait = request.waitTimeSeconds() == null ? Option.empty()
                : Option.apply(Duration.ofSeconds(request.waitTimeSeconds()));
        // the actor answers when the wait (the request's, else the queue's, at most 20 s) is over
        Duration answerWithin = Duration.ofSeconds(request.waitTimeSeconds() == null ? MAX_WAIT_SECONDS
                : request.waitTimeSeconds()).plus(ANSWER_MARGIN);
        scala.collection.immutable.List<MessageData> received = askQueue(request.queueUrl(), queue,
                new ReceiveMessages(visibility, count, wait, Option.apply(request.receiveRequestAttemptId())),
                answerWithin);
        List<String> systemNames = new ArrayList<>(request.messageSystemAttributeNamesAsStrings());
        systemNames.addAll(request.attributeNamesAsStrings());
        List<Message> messages = new ArrayList<>();
        for (MessageData data : CollectionConverters.asJava(received)) {
            messages.add(message(data, systemNames, request.messageAttributeNames()));
        }
        return ReceiveMessageResponse.builder().messages(messages).build();
    }

    @Override
    public DeleteMessageBatchResponse deleteMessageBatch(DeleteMessageBatchRequest request) {
        QueueRef queue = queue(request.queueUrl());
        List<DeleteMessageBatchResultEntry> deleted = new ArrayList<>();
        List<BatchResultErrorEntry> failed = new ArrayList<>();
        for (DeleteMessageBatchRequestEntry entry : request.entries()) {
            Either<?, ?> outcome = askQueue(request.queueUrl(), queue,
                    new DeleteMessage(new DeliveryReceipt(entry.receiptHandle())), SHORT_ASK);
            if (outcome.isRight()) {
                deleted.add(DeleteMessageBatchResultEntry.builder().id(entry.id()).build());
            } else {
                failed.add(BatchResultErrorEntry.builder().id(entry.id()).code("ReceiptHandleIsInvalid")
                        .message("The receipt handle is not valid: " + entry.receiptHandle()).senderFault(true)
                        .build());
            }
        }
        return DeleteMessageBatchResponse.builder().successful(deleted).failed(failed).build();
    }

    private MessageData send(String queueUrl, QueueRef queue, String body, Map<String, MessageAttributeValue> attributes,
                             Integer delaySeconds, String groupId, String deduplicationId, int orderIndex) {
        if (body == null || body.isEmpty()) {
            throw new InvalidEntry("MissingParameter", "The request must contain the parameter MessageBody.");
        }
        // the checks ElasticMQ's HTTP layer makes, with its limits
        refuseIfLeft(Limits.verifyMessageLength(body.getBytes(StandardCharsets.UTF_8).length, limits));
        refuseIfLeft(Limits.verifyMessageBody(body, limits));
        Option<DeduplicationId> deduplication = Option.empty();
        if (queue.fifo()) {
            if (groupId == null) {
                throw new InvalidEntry("MissingParameter", "The request must contain the parameter MessageGroupId.");
            }
            if (deduplicationId != null) {
                deduplication = Option.apply(new DeduplicationId(deduplicationId));
            } else if (queue.contentBasedDeduplication()) {
                deduplication = Option.apply(new DeduplicationId(DeduplicationId.fromMessageBody(body)));
            } else {
                throw new InvalidEntry("InvalidParameterValue", "The queue should either have ContentBasedDeduplication"
                        + " enabled or MessageDeduplicationId provided explicitly");
            }
        }
        var delivery = delaySeconds == null || delaySeconds == 0 ? ImmediateNextDelivery$.MODULE$
                : new org.elasticmq.AfterMillisNextDelivery(delaySeconds * 1000L);
        NewMessageData message = new NewMessageData(Option.empty(), new MessageContent(body), toElasticMq(attributes), delivery,
                Option.apply(groupId), deduplication, orderIndex, Option.empty(), Option.empty(), Option.empty());
        return askQueue(queueUrl, queue, new SendMessage(message), SHORT_ASK);
    }

    /**
     * Asks a queue's actor. A queue deleted (over HTTP) just before may still look alive here: the message then goes
     * to dead letters and the ask times out. On a timeout, a queue that no longer exists is QueueDoesNotExist, as SQS
     * answers, not a client error.
     */
    private <T> T askQueue(String queueUrl, QueueRef queue, Object message, Duration timeout) {
        try {
            return ask(queue.actor(), message, timeout);
        } catch (SdkClientException e) {
            String name = queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
            queues.remove(name, queue);
            queue(queueUrl); // throws QueueDoesNotExistException when the queue is gone
            throw e;
        }
    }

    private static Message message(MessageData data, List<String> systemNames, List<String> attributeNames) {
        Map<String, String> system = new LinkedHashMap<>();
        boolean all = systemNames.contains("All");
        for (String name : SYSTEM_ATTRIBUTES) {
            if (!all && !systemNames.contains(name)) {
                continue;
            }
            String value = switch (name) {
                case "SenderId" -> "127.0.0.1";
                case "SentTimestamp" -> Long.toString(data.created().toInstant().toEpochMilli());
                case "ApproximateReceiveCount" -> Integer.toString(data.statistics().approximateReceiveCount());
                case "ApproximateFirstReceiveTimestamp" ->
                        data.statistics().approximateFirstReceive() instanceof OnDateTimeReceived when
                                ? Long.toString(when.when().toInstant().toEpochMilli()) : "0";
                case "MessageDeduplicationId" -> data.messageDeduplicationId().isDefined()
                        ? data.messageDeduplicationId().get().id() : null;
                case "MessageGroupId" -> orNull(data.messageGroupId());
                case "SequenceNumber" -> orNull(data.sequenceNumber());
                case "AWSTraceHeader" -> data.tracingId().isDefined() ? data.tracingId().get().id() : null;
                default -> null;
            };
            if (value != null) {
                system.put(name, value);
            }
        }
        Map<String, MessageAttribute> selected = new LinkedHashMap<>();
        CollectionConverters.asJava(data.messageAttributes()).forEach((name, value) -> {
            if (selects(attributeNames, name)) {
                selected.put(name, value);
            }
        });
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        selected.forEach((name, value) -> attributes.put(name, toSdk(value)));
        String body = data.content().value();
        return Message.builder()
                .messageId(data.id().id())
                .receiptHandle(data.deliveryReceipt().get().receipt())
                .md5OfBody(MD5Util.md5Digest(body))
                .body(body)
                .attributesWithStrings(system)
                .md5OfMessageAttributes(selected.isEmpty() ? null : MD5Util.md5AttributeDigest(toScala(selected)))
                .messageAttributes(attributes)
                .build();
    }

    /** SQS's rule for MessageAttributeNames: {@code All}, {@code .*}, a name, or a prefix ending in {@code .*}. */
    private static boolean selects(List<String> requested, String name) {
        for (String pattern : requested) {
            if (pattern.equals("All") || pattern.equals(".*") || pattern.equals(name)
                    || (pattern.endsWith(".*") && name.startsWith(pattern.substring(0, pattern.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    private static scala.collection.immutable.Map<String, MessageAttribute> toElasticMq(
            Map<String, MessageAttributeValue> attributes) {
        Map<String, MessageAttribute> converted = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            String type = value.dataType();
            if (type == null) {
                throw new InvalidEntry("InvalidParameterValue", "Message attribute " + name + " has no DataType");
            }
            Option<String> custom = type.contains(".") ? Option.apply(type.substring(type.indexOf('.') + 1))
                    : Option.empty();
            converted.put(name, switch (type.contains(".") ? type.substring(0, type.indexOf('.')) : type) {
                case "String" -> new StringMessageAttribute(value.stringValue(), custom);
                case "Number" -> new NumberMessageAttribute(value.stringValue(), custom);
                case "Binary" -> BinaryMessageAttribute.fromByteBuffer(value.binaryValue().asByteBuffer(), custom);
                default -> throw new InvalidEntry("InvalidParameterValue", "Message attribute " + name
                        + " has an unknown DataType " + type);
            });
        });
        return toScala(converted);
    }

    private static scala.collection.immutable.Map<String, MessageAttribute> toScala(Map<String, MessageAttribute> map) {
        scala.collection.immutable.Map<String, MessageAttribute> result = scala.collection.immutable.Map$.MODULE$.empty();
        for (Map.Entry<String, MessageAttribute> e : map.entrySet()) {
            result = result.updated(e.getKey(), e.getValue());
        }
        return result;
    }

    private static MessageAttributeValue toSdk(MessageAttribute value) {
        MessageAttributeValue.Builder b = MessageAttributeValue.builder().dataType(value.getDataType());
        if (value instanceof StringMessageAttribute s) {
            b.stringValue(s.stringValue());
        } else if (value instanceof NumberMessageAttribute n) {
            b.stringValue(n.stringValue());
        } else if (value instanceof BinaryMessageAttribute binary) {
            b.binaryValue(SdkBytes.fromByteArray(java.util.Base64.getDecoder().decode(binary.asBase64())));
        }
        return b.build();
    }

    private QueueRef queue(String queueUrl) {
        String name = queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
        QueueRef queue = queues.get(name);
        if (queue != null && !queue.actor().isTerminated()) {
            return queue;
        }
        Option<ActorRef> actor = ask(queueManager, new LookupQueue(name), SHORT_ASK);
        if (actor.isEmpty()) {
            queues.remove(name);
            throw QueueDoesNotExistException.builder().message("The specified queue " + name + " does not exist.")
                    .build();
        }
        QueueData data = ask(actor.get(), new GetQueueData(), SHORT_ASK);
        queue = new QueueRef(actor.get(), data.isFifo(), data.hasContentBasedDeduplication());
        queues.put(name, queue);
        return queue;
    }

    @SuppressWarnings("unchecked")
    private static <T> T ask(ActorRef actor, Object message, Duration timeout) {
        try {
            return (T) Patterns.ask(actor, message, timeout).toCompletableFuture()
                    .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AbortedException.builder().message("Interrupted while waiting for ElasticMQ").cause(e).build();
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw SdkClientException.create("ElasticMQ did not answer " + message.getClass().getSimpleName()
                    + ": " + cause.getMessage(), cause);
        }
    }

    private static void refuseIfLeft(Either<String, ?> check) {
        if (check.isLeft()) {
            throw new InvalidEntry("InvalidParameterValue", check.left().get());
        }
    }

    private static String orNull(Option<String> value) {
        return value.isDefined() ? value.get() : null;
    }

    /** An entry SQS would refuse; in a batch it fails alone. */
    private static final class InvalidEntry extends RuntimeException {
        final String code;

        InvalidEntry(String code, String message) {
            super(message);
            this.code = code;
        }
    }
}
