package dev.sluice.local.lambda.eventsource;

import dev.sluice.local.core.DaemonThreads;
import dev.sluice.local.lambda.runtime.StartSlots;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Keeps a received batch invisible while its invocation waits for an execution environment to start (a
 * {@link StartSlots start slot} of the local cloud, which AWS does not have): the wait must not let the messages
 * reappear and be received again, which would raise their receive count and, at maxReceiveCount, move good messages
 * to the dead-letter queue. While the batch waits, its visibility timeout is renewed to the queue's at once and then
 * every third of it; when the wait ends it is set to the queue's once more, so the function gets the whole visibility
 * timeout from the moment its environment may start, as on AWS, where nothing waits. The receive count is untouched
 * (ChangeMessageVisibility does not receive).
 */
final class WaitingBatch implements StartSlots.WaitListener {

    private static final Logger LOG = LoggerFactory.getLogger(WaitingBatch.class);
    private static final ScheduledExecutorService RENEWALS =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("esm-visibility"));

    private final SqsClient sqs;
    private final String queueUrl;
    private final List<Message> batch;
    /** False once the batch left the mapping's hands (given back by a stop): then nothing is renewed. */
    private final BooleanSupplier stillHeld;
    private int depth;
    private ScheduledFuture<?> renewal;
    private volatile int visibilitySeconds = -1;

    WaitingBatch(SqsClient sqs, String queueUrl, List<Message> batch, BooleanSupplier stillHeld) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.batch = batch;
        this.stillHeld = stillHeld;
    }

    @Override
    public synchronized void waiting() {
        if (depth++ > 0) {
            return;
        }
        if (visibilitySeconds < 0) {
            visibilitySeconds = queueVisibilitySeconds();
        }
        long period = Math.max(1, visibilitySeconds / 3);
        // at once: the wait may begin late in the batch's visibility timeout
        renewal = RENEWALS.scheduleWithFixedDelay(this::renew, 0, period, TimeUnit.SECONDS);
    }

    @Override
    public void waited() {
        synchronized (this) {
            if (--depth > 0) {
                return;
            }
            renewal.cancel(false);
            renewal = null;
        }
        renew(); // the whole visibility timeout from now, for the init and the invocation
    }

    private int queueVisibilitySeconds() {
        try {
            return Integer.parseInt(sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributes()
                    .get(QueueAttributeName.VISIBILITY_TIMEOUT));
        } catch (RuntimeException e) {
            LOG.debug("Could not read the visibility timeout of {}: {}", queueUrl, e.toString());
            return 30; // SQS's default
        }
    }

    private void renew() {
        if (!stillHeld.getAsBoolean() || visibilitySeconds < 0) {
            return;
        }
        for (int from = 0; from < batch.size(); from += 10) {
            List<Message> chunk = batch.subList(from, Math.min(batch.size(), from + 10));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(visibilitySeconds).build());
            }
            try {
                sqs.changeMessageVisibilityBatch(request -> request.queueUrl(queueUrl).entries(entries));
            } catch (RuntimeException e) {
                LOG.debug("Could not keep {} waiting message(s) of {} invisible: {}", chunk.size(), queueUrl,
                        e.toString());
            }
        }
    }
}
