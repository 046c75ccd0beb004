package dev.sluice.functions.notification;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sluice.functions.OrderPipelineConfig;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The {@code outbox} queue, written through the Quarkus-managed {@link SqsClient} (quarkus-amazon-sqs: the synchronous
 * client on the URL-connection HTTP client). {@link #send} returns only once SQS has accepted the message: a Lambda must
 * not report a record done while its output is still in flight. The client is built when the first notification is
 * sent, so the functions that never write here (fulfillOrder, reviewOrder) never build it.
 */
@ApplicationScoped
public class Outbox {

    private final SqsClient sqs;
    private final String queueName;
    private final Duration timeout;
    private volatile String queueUrl;

    @Inject
    Outbox(SqsClient sqs, OrderPipelineConfig config) {
        this(sqs, config.outbox().queueName(), config.outbox().queueUrl().filter(url -> !url.isBlank()).orElse(null),
                config.outbox().sendTimeout());
    }

    Outbox(SqsClient sqs, String queueName, String queueUrl, Duration timeout) {
        this.sqs = sqs;
        this.queueName = queueName;
        this.queueUrl = queueUrl;
        this.timeout = timeout;
    }

    /**
     * @throws OutboxSendException if SQS refuses the message, the queue does not exist, or no answer comes within the
     *                             send timeout
     */
    public void send(String payload) {
        try {
            String url = queueUrl();
            sqs.sendMessage(r -> r.queueUrl(url).messageBody(payload)
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout)));
        } catch (SdkException e) {
            throw new OutboxSendException("outbox queue " + queueName + " refused the notification: " + e.getMessage(),
                    e);
        }
    }

    private String queueUrl() {
        String url = queueUrl;
        if (url == null) {
            url = sqs.getQueueUrl(r -> r.queueName(queueName).overrideConfiguration(o -> o.apiCallTimeout(timeout)))
                    .queueUrl();
            queueUrl = url;
        }
        return url;
    }
}
