package dev.sluice.constructs;

import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueProps;
import software.constructs.Construct;

/**
 * An SQS queue with its own dead-letter queue ({@code <queueName>-dlq}) and a redrive policy.
 * The dead-letter queue keeps messages for 14 days, the SQS maximum.
 */
public class DeadLetteredQueue extends Construct {

    private final Queue queue;
    private final Queue deadLetterQueue;

    public DeadLetteredQueue(Construct scope, String id) {
        this(scope, id, DeadLetteredQueueProps.builder().build());
    }

    public DeadLetteredQueue(Construct scope, String id, DeadLetteredQueueProps props) {
        super(scope, id);
        PropViolations violations = new PropViolations("DeadLetteredQueue");
        props.check(violations);
        violations.throwIfAny();

        boolean fifo = props.isFifo();
        this.deadLetterQueue = new Queue(this, "DeadLetterQueue", QueueProps.builder()
                .queueName(props.deadLetterName())
                .fifo(fifo ? Boolean.TRUE : null)
                .retentionPeriod(DeadLetteredQueueProps.DEAD_LETTER_RETENTION)
                .build());
        this.queue = new Queue(this, "Queue", QueueProps.builder()
                .queueName(props.physicalName())
                .fifo(fifo ? Boolean.TRUE : null)
                .contentBasedDeduplication(fifo ? props.contentBasedDeduplication() : null)
                .visibilityTimeout(props.visibilityTimeout() != null
                        ? props.visibilityTimeout() : DeadLetteredQueueProps.DEFAULT_VISIBILITY_TIMEOUT)
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(deadLetterQueue)
                        .maxReceiveCount(props.maxReceiveCount() != null
                                ? props.maxReceiveCount() : DeadLetteredQueueProps.DEFAULT_MAX_RECEIVE_COUNT)
                        .build())
                .build());
    }

    /** The queue that receives the work. */
    public Queue getQueue() {
        return queue;
    }

    /** Where a message goes after {@code maxReceiveCount} failed receives. */
    public Queue getDeadLetterQueue() {
        return deadLetterQueue;
    }
}
