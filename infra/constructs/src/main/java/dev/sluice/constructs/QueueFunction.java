package dev.sluice.constructs;

import dev.sluice.scaling.ScalingSetting;
import java.util.List;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmProps;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.EventSourceMappingProps;
import software.amazon.awscdk.services.lambda.ProvisionedPollerConfig;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.CfnQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * A Lambda function fed by an SQS queue: the queue and its dead-letter queue (given or created),
 * an event source mapping that reports partial batch failures and caps concurrency, and alarms
 * on backlog, oldest-message age and dead letters.
 *
 * <p>The function may consume its own queue only. Optionally: provisioned concurrency on the alias
 * {@value #ALIAS_NAME} (which the mapping then invokes), scaled on backlog per instance; and the
 * local cloud's autoscaler settings, as metadata {@value #SCALING_METADATA_KEY} on the mapping.
 */
public class QueueFunction extends Construct {

    /** Metadata key on the AWS::Lambda::EventSourceMapping holding the local autoscaler's settings. */
    public static final String SCALING_METADATA_KEY = ScalingSetting.METADATA_KEY;
    /** The alias that carries provisioned concurrency. */
    public static final String ALIAS_NAME = "live";

    private static final int ALARM_EVALUATION_PERIODS = 3;
    private static final long MAX_AGE_ALARM_SECONDS = 14L * 24 * 60 * 60;
    private static final Duration SQS_DEFAULT_VISIBILITY = Duration.seconds(30);

    private final IQueue queue;
    private final IQueue deadLetterQueue;
    private final IFunction function;
    private final EventSourceMapping eventSourceMapping;
    private final BacklogScaledAlias provisioned;
    private final Alarm backlogAlarm;
    private final Alarm oldestMessageAgeAlarm;
    private final Alarm deadLetterAlarm;

    public QueueFunction(Construct scope, String id, QueueFunctionProps props) {
        super(scope, id);
        FunctionChoice functionChoice = new FunctionChoice(props.function(), props.functionProps());
        Duration functionTimeout = functionChoice.timeout();
        DeadLetteredQueueProps queueProps = DeadLetteredQueueProps.builder()
                .queueName(props.queueName())
                .fifo(props.fifo())
                .contentBasedDeduplication(props.contentBasedDeduplication())
                .maxReceiveCount(props.maxReceiveCount())
                .visibilityTimeout(props.visibilityTimeout() != null ? props.visibilityTimeout()
                        : functionTimeout != null && !functionTimeout.isUnresolved()
                                ? Duration.seconds(seconds(functionTimeout) * QueueFunctionProps.VISIBILITY_TIMEOUT_FACTOR)
                                : null)
                .build();

        PropViolations violations = new PropViolations("QueueFunction");
        functionChoice.check(violations);
        boolean fifo = checkQueue(props, queueProps, functionTimeout, violations);
        checkMapping(props, fifo, violations);
        Number maxConcurrency = orDefault(props.maxConcurrency(), QueueFunctionProps.DEFAULT_MAX_CONCURRENCY);
        if (props.localScaling() != null) {
            props.localScaling().check(violations, maxConcurrency);
        }
        checkProvisionedConcurrency(props.provisionedConcurrency(), maxConcurrency, violations);
        checkProvisionedPollers(props, violations);
        checkReservedConcurrency(props, functionChoice.reservedConcurrency(), maxConcurrency, violations);
        violations.atLeast("backlogAlarmThreshold", props.backlogAlarmThreshold(), 1);
        violations.secondsBetween("oldestMessageAgeAlarmThreshold", props.oldestMessageAgeAlarmThreshold(), 60,
                MAX_AGE_ALARM_SECONDS);
        violations.throwIfAny();

        if (props.queue() != null) {
            this.queue = props.queue();
            this.deadLetterQueue = existingDeadLetterQueue(props);
        } else {
            DeadLetteredQueue created = new DeadLetteredQueue(this, "Queue", queueProps);
            this.queue = created.getQueue();
            this.deadLetterQueue = created.getDeadLetterQueue();
        }
        this.function = functionChoice.resolve(this);
        ProvisionedConcurrencyProps pc = props.provisionedConcurrency();
        this.provisioned = pc == null ? null : new BacklogScaledAlias(this, "Live", function, queue,
                orDefault(pc.min(), ProvisionedConcurrencyProps.DEFAULT_MIN),
                orDefault(pc.max(), maxConcurrency),
                orDefault(pc.targetBacklogPerInstance(), ProvisionedConcurrencyProps.DEFAULT_TARGET_BACKLOG_PER_INSTANCE));
        this.eventSourceMapping = new EventSourceMapping(this, "EventSourceMapping", EventSourceMappingProps.builder()
                .target(provisioned != null ? provisioned.alias() : function)
                .eventSourceArn(queue.getQueueArn())
                .batchSize(orDefault(props.batchSize(), QueueFunctionProps.DEFAULT_BATCH_SIZE))
                .maxBatchingWindow(props.maxBatchingWindow())
                .maxConcurrency(props.provisionedPollers() == null ? maxConcurrency : null)
                .provisionedPollerConfig(props.provisionedPollers())
                .reportBatchItemFailures(true)
                .enabled(props.enabled() != null ? props.enabled() : Boolean.TRUE)
                .build());
        // The mapping polls with the function's role: receive/delete on this queue only.
        queue.grantConsumeMessages(function);
        if (props.localScaling() != null && !props.localScaling().toMetadata().isEmpty()) {
            ((CfnResource) eventSourceMapping.getNode().getDefaultChild())
                    .addMetadata(SCALING_METADATA_KEY, props.localScaling().toMetadata());
        }

        this.backlogAlarm = new Alarm(this, "BacklogAlarm", AlarmProps.builder()
                .metric(queue.metricApproximateNumberOfMessagesVisible(DeadLetterAlarm.MAXIMUM_PER_MINUTE))
                .threshold(orDefault(props.backlogAlarmThreshold(), QueueFunctionProps.DEFAULT_BACKLOG_ALARM_THRESHOLD))
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(ALARM_EVALUATION_PERIODS)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription("Messages are waiting in the queue faster than the function drains them")
                .build());
        Duration ageThreshold = props.oldestMessageAgeAlarmThreshold() != null
                ? props.oldestMessageAgeAlarmThreshold()
                : QueueFunctionProps.DEFAULT_OLDEST_MESSAGE_AGE_ALARM_THRESHOLD;
        this.oldestMessageAgeAlarm = new Alarm(this, "OldestMessageAgeAlarm", AlarmProps.builder()
                .metric(queue.metricApproximateAgeOfOldestMessage(DeadLetterAlarm.MAXIMUM_PER_MINUTE))
                .threshold(ageThreshold.toSeconds())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(ALARM_EVALUATION_PERIODS)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription("The oldest message has waited too long: the function is failing or too slow")
                .build());
        this.deadLetterAlarm = DeadLetterAlarm.on(this, deadLetterQueue,
                "Messages failed every receive and are in the dead-letter queue");
    }

    public IQueue getQueue() {
        return queue;
    }

    public IQueue getDeadLetterQueue() {
        return deadLetterQueue;
    }

    public IFunction getFunction() {
        return function;
    }

    public EventSourceMapping getEventSourceMapping() {
        return eventSourceMapping;
    }

    /** The alias {@value #ALIAS_NAME} the mapping invokes; null without provisioned concurrency. */
    public Alias getAlias() {
        return provisioned == null ? null : provisioned.alias();
    }

    /** The alias's provisioned concurrency as an Application Auto Scaling target; null without it. */
    public ScalableTarget getProvisionedConcurrencyTarget() {
        return provisioned == null ? null : provisioned.scalableTarget();
    }

    /** The target-tracking policy on backlog per instance; null without provisioned concurrency. */
    public CfnScalingPolicy getProvisionedConcurrencyPolicy() {
        return provisioned == null ? null : provisioned.scalingPolicy();
    }

    /** ApproximateNumberOfMessagesVisible on the queue at or above the backlog threshold. */
    public Alarm getBacklogAlarm() {
        return backlogAlarm;
    }

    /** ApproximateAgeOfOldestMessage on the queue at or above the age threshold. */
    public Alarm getOldestMessageAgeAlarm() {
        return oldestMessageAgeAlarm;
    }

    /** ApproximateNumberOfMessagesVisible on the dead-letter queue above zero. */
    public Alarm getDeadLetterAlarm() {
        return deadLetterAlarm;
    }

    /** Backlog, oldest-message age and dead-letter alarms, in that order. */
    public List<Alarm> getAlarms() {
        return List.of(backlogAlarm, oldestMessageAgeAlarm, deadLetterAlarm);
    }

    /** Checks the queue props; returns whether the queue is FIFO. */
    private static boolean checkQueue(QueueFunctionProps props, DeadLetteredQueueProps queueProps,
            Duration functionTimeout, PropViolations violations) {
        long minVisibilityMillis = functionTimeout != null && !functionTimeout.isUnresolved()
                ? PropViolations.millis(functionTimeout) * QueueFunctionProps.VISIBILITY_TIMEOUT_FACTOR : -1;
        String sixTimes = minVisibilityMillis < 0 ? "" : "at least " + QueueFunctionProps.VISIBILITY_TIMEOUT_FACTOR
                + " times the function timeout of " + PropViolations.describe(functionTimeout) + ", i.e. "
                + PropViolations.describe(Duration.millis(minVisibilityMillis));
        IQueue existing = props.queue();
        if (existing == null) {
            if (props.deadLetterQueue() != null) {
                violations.add("deadLetterQueue applies only with an existing queue (given one without queue)");
            }
            queueProps.check(violations);
            Duration visibility = props.visibilityTimeout();
            if (functionTimeout == null && visibility == null) {
                violations.add("visibilityTimeout is required when the function's timeout is unknown (an imported"
                        + " function); make it at least " + QueueFunctionProps.VISIBILITY_TIMEOUT_FACTOR
                        + " times that timeout");
            } else if (minVisibilityMillis >= 0 && PropViolations.isKnown(visibility)
                    && PropViolations.millis(visibility) < minVisibilityMillis) {
                violations.add("visibilityTimeout must be " + sixTimes + " (given "
                        + PropViolations.describe(visibility) + ")");
            }
            return queueProps.isFifo();
        }
        rejectWithExistingQueue("queueName", props.queueName(), violations);
        rejectWithExistingQueue("fifo", props.fifo(), violations);
        rejectWithExistingQueue("contentBasedDeduplication", props.contentBasedDeduplication(), violations);
        rejectWithExistingQueue("maxReceiveCount", props.maxReceiveCount(), violations);
        rejectWithExistingQueue("visibilityTimeout", props.visibilityTimeout(), violations);
        if (existingDeadLetterQueue(props) == null) {
            violations.add("deadLetterQueue is required when the given queue has no dead-letter queue known here"
                    + " (given a queue without one)");
        }
        Duration visibility = existingVisibility(existing);
        if (minVisibilityMillis >= 0 && PropViolations.isKnown(visibility)
                && PropViolations.millis(visibility) < minVisibilityMillis) {
            violations.add("the queue's visibility timeout must be " + sixTimes + " (given "
                    + PropViolations.describe(visibility) + ")");
        }
        return Boolean.TRUE.equals(existing.getFifo());
    }

    private static void checkMapping(QueueFunctionProps props, boolean fifo, PropViolations violations) {
        Number batchSize = props.batchSize();
        Duration window = props.maxBatchingWindow();
        if (fifo) {
            violations.between("batchSize (FIFO queue)", batchSize, 1, 10);
            if (window != null) {
                violations.add("maxBatchingWindow is not supported for FIFO queues (given "
                        + PropViolations.describe(window) + ")");
            }
        } else {
            violations.between("batchSize", batchSize, 1, 10_000);
            violations.secondsBetween("maxBatchingWindow", window, 0, 300);
            boolean large = batchSize != null && !Token.isUnresolved(batchSize)
                    && batchSize.doubleValue() > 10 && batchSize.doubleValue() <= 10_000;
            if (large && (window == null || (PropViolations.isKnown(window) && PropViolations.millis(window) < 1000))) {
                violations.add("batchSize above 10 needs a maxBatchingWindow of at least 1 second (given batchSize "
                        + batchSize.longValue() + ", maxBatchingWindow " + PropViolations.describe(window) + ")");
            }
        }
        violations.between("maxConcurrency", props.maxConcurrency(), 2, 1000);
    }

    private static void checkProvisionedConcurrency(ProvisionedConcurrencyProps pc, Number maxConcurrency,
            PropViolations violations) {
        if (pc == null) {
            return;
        }
        violations.between("provisionedConcurrency.min", pc.min(), 1, 1000);
        violations.between("provisionedConcurrency.max", pc.max(), 1, 1000);
        Number min = orDefault(pc.min(), ProvisionedConcurrencyProps.DEFAULT_MIN);
        Number max = orDefault(pc.max(), maxConcurrency);
        if (PropViolations.isKnown(pc.max()) && PropViolations.isKnown(maxConcurrency)
                && pc.max().doubleValue() > maxConcurrency.doubleValue()) {
            violations.add("provisionedConcurrency.max must not exceed maxConcurrency (given max "
                    + PropViolations.describe(pc.max()) + ", maxConcurrency " + PropViolations.describe(maxConcurrency)
                    + ")");
        } else if (PropViolations.isKnown(min) && PropViolations.isKnown(max) && min.doubleValue() > max.doubleValue()) {
            violations.add("provisionedConcurrency.min must not exceed " + (pc.max() != null
                    ? "provisionedConcurrency.max (given min " + PropViolations.describe(min) + ", max "
                    : "maxConcurrency (given min " + PropViolations.describe(min) + ", maxConcurrency ")
                    + PropViolations.describe(max) + ")");
        }
        Number target = pc.targetBacklogPerInstance();
        if (PropViolations.isKnown(target) && !(target.doubleValue() > 0)) {
            violations.add("provisionedConcurrency.targetBacklogPerInstance must be greater than 0 (given "
                    + PropViolations.describe(target) + ")");
        }
    }

    /** SQS's ranges for provisioned mode, and its exclusion of MaximumConcurrency. */
    private static void checkProvisionedPollers(QueueFunctionProps props, PropViolations violations) {
        ProvisionedPollerConfig pollers = props.provisionedPollers();
        if (pollers == null) {
            return;
        }
        if (props.maxConcurrency() != null) {
            violations.add("give maxConcurrency or provisionedPollers, not both: AWS's standard and provisioned scaling"
                    + " modes are mutually exclusive (given maxConcurrency "
                    + PropViolations.describe(props.maxConcurrency()) + ")");
        }
        violations.between("provisionedPollers.minimumPollers", pollers.getMinimumPollers(), 2, 200);
        violations.between("provisionedPollers.maximumPollers", pollers.getMaximumPollers(), 2, 10_000);
        Number min = pollers.getMinimumPollers();
        Number max = pollers.getMaximumPollers();
        if (PropViolations.isKnown(min) && PropViolations.isKnown(max) && min.doubleValue() > max.doubleValue()) {
            violations.add("provisionedPollers.minimumPollers must not exceed maximumPollers (given min "
                    + PropViolations.describe(min) + ", max " + PropViolations.describe(max) + ")");
        }
    }

    /**
     * The throttling trap, refused at synth: reserved concurrency below the batches the mapping runs at once throttles
     * the rest, and their messages reach the dead-letter queue without the handler running (ConcurrencyAdvice in the
     * local cloud cites AWS). A refusal rather than an annotation: the combination loses work silently, and AWS's own
     * advice for capping concurrency is maxConcurrency, which this construct already offers. A disabled mapping (the
     * kill switch reserved concurrency 0 is often used for) is left alone.
     */
    private static void checkReservedConcurrency(QueueFunctionProps props, Number reserved, Number maxConcurrency,
            PropViolations violations) {
        if (reserved == null || Boolean.FALSE.equals(props.enabled())) {
            return;
        }
        Number demand = props.provisionedPollers() == null ? maxConcurrency
                : (Number) QueueFunctionProps.DEFAULT_MAX_CONCURRENCY;
        if (PropViolations.isKnown(demand) && reserved.doubleValue() < demand.doubleValue()) {
            violations.add("the function's reservedConcurrentExecutions must be at least the mapping's "
                    + (props.provisionedPollers() == null ? "maxConcurrency " : "initial ")
                    + PropViolations.describe(demand) + ": the batches over it are throttled and their messages reach"
                    + " the dead-letter queue without the handler running; lower maxConcurrency (at least 2) or"
                    + " reserve more (given reservedConcurrentExecutions " + PropViolations.describe(reserved) + ")");
        }
    }

    private static void rejectWithExistingQueue(String name, Object value, PropViolations violations) {
        if (value != null) {
            violations.add(name + " describes a created queue and cannot be used with an existing queue (given "
                    + value + "); configure the existing queue instead");
        }
    }

    private static IQueue existingDeadLetterQueue(QueueFunctionProps props) {
        if (props.deadLetterQueue() != null) {
            return props.deadLetterQueue();
        }
        if (props.queue() instanceof Queue && ((Queue) props.queue()).getDeadLetterQueue() != null) {
            return ((Queue) props.queue()).getDeadLetterQueue().getQueue();
        }
        return null;
    }

    /** The visibility timeout of a queue defined in this app, or null when it is imported. */
    private static Duration existingVisibility(IQueue queue) {
        IConstruct child = queue.getNode().getDefaultChild();
        if (!(child instanceof CfnQueue)) {
            return null;
        }
        Number seconds = ((CfnQueue) child).getVisibilityTimeout();
        if (seconds == null) {
            return SQS_DEFAULT_VISIBILITY;
        }
        return Token.isUnresolved(seconds) ? null : Duration.seconds(seconds);
    }

    private static long seconds(Duration duration) {
        return (PropViolations.millis(duration) + 999) / 1000;
    }

    private static Number orDefault(Number value, Number fallback) {
        return value != null ? value : fallback;
    }
}
