package dev.sluice.constructs;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmProps;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/** The alarm every construct with a dead-letter queue raises: one message in it is one too many. */
final class DeadLetterAlarm {

    /** Alarms look at the maximum of each minute. */
    static final MetricOptions MAXIMUM_PER_MINUTE =
            MetricOptions.builder().statistic("Maximum").period(Duration.minutes(1)).build();

    private DeadLetterAlarm() {
    }

    /** ApproximateNumberOfMessagesVisible of {@code deadLetterQueue} above zero, as {@code scope}'s "DeadLetterAlarm". */
    static Alarm on(Construct scope, IQueue deadLetterQueue, String description) {
        return new Alarm(scope, "DeadLetterAlarm", AlarmProps.builder()
                .metric(deadLetterQueue.metricApproximateNumberOfMessagesVisible(MAXIMUM_PER_MINUTE))
                .threshold(0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build());
    }
}
