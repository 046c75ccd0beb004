package dev.sluice.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.TestFunctions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ProvisionedPollerConfig;

/**
 * ProvisionedPollerConfig on SQS mappings (https://docs.aws.amazon.com/lambda/latest/api/API_ProvisionedPollerConfig.html):
 * it round-trips through Create/Update/Get, SQS's ranges (MinimumPollers 2-200, MaximumPollers 2-10,000) and
 * Minimum <= Maximum are checked, and it excludes ScalingConfig.MaximumConcurrency ("These are mutually exclusive
 * options", services-sqs-scaling).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvisionedPollerConfigTest {

    private LocalLambda local;
    private String queueArn;

    @BeforeAll
    void start() throws Exception {
        local = new LocalLambda();
        local.createFunction("polled", TestFunctions.NOOP, 3, Map.of());
        String url = local.sqs.createQueue(r -> r.queueName("provisioned")).queueUrl();
        queueArn = local.sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
    }

    @AfterAll
    void stop() throws Exception {
        local.close();
    }

    @Test
    void roundTripsThroughCreateUpdateAndGet() {
        String uuid = local.lambda.createEventSourceMapping(r -> r.functionName("polled").eventSourceArn(queueArn)
                .provisionedPollerConfig(p -> p.minimumPollers(3).maximumPollers(50))).uuid();
        assertThat(local.lambda.getEventSourceMapping(r -> r.uuid(uuid)).provisionedPollerConfig())
                .isEqualTo(ProvisionedPollerConfig.builder().minimumPollers(3).maximumPollers(50).build());
        assertThat(local.service.eventSourceMappings()).filteredOn(m -> m.uuid().equals(uuid)).singleElement()
                .satisfies(m -> assertThat(m.concurrency()).as("MinimumPollers pollers without autoscaler")
                        .isEqualTo(3));

        local.lambda.updateEventSourceMapping(r -> r.uuid(uuid).provisionedPollerConfig(p -> p.maximumPollers(10)));
        assertThat(local.lambda.getEventSourceMapping(r -> r.uuid(uuid)).provisionedPollerConfig())
                .isEqualTo(ProvisionedPollerConfig.builder().minimumPollers(2).maximumPollers(10).build());

        // an update that leaves it out keeps it; an empty one turns provisioned mode off
        local.lambda.updateEventSourceMapping(r -> r.uuid(uuid).batchSize(5));
        assertThat(local.lambda.getEventSourceMapping(r -> r.uuid(uuid)).provisionedPollerConfig()).isNotNull();
        local.lambda.updateEventSourceMapping(r -> r.uuid(uuid).provisionedPollerConfig(p -> { }));
        assertThat(local.lambda.getEventSourceMapping(r -> r.uuid(uuid)).provisionedPollerConfig()).isNull();
        local.lambda.deleteEventSourceMapping(r -> r.uuid(uuid));
    }

    @Test
    void excludesMaximumConcurrency() {
        assertThatThrownBy(() -> local.lambda.createEventSourceMapping(r -> r.functionName("polled")
                .eventSourceArn(queueArn).scalingConfig(s -> s.maximumConcurrency(5))
                .provisionedPollerConfig(p -> p.minimumPollers(2))))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("ScalingConfig.MaximumConcurrency and ProvisionedPollerConfig are mutually"
                        + " exclusive");
    }

    @Test
    void checksSqsRanges() {
        assertThatThrownBy(() -> local.lambda.createEventSourceMapping(r -> r.functionName("polled")
                .eventSourceArn(queueArn).provisionedPollerConfig(p -> p.minimumPollers(1))))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("MinimumPollers must be at least 2 for Amazon SQS (given 1)");
        assertThatThrownBy(() -> local.lambda.createEventSourceMapping(r -> r.functionName("polled")
                .eventSourceArn(queueArn).provisionedPollerConfig(p -> p.minimumPollers(201))))
                .isInstanceOf(LambdaException.class)
                .hasMessageContaining("Member must have value less than or equal to 200");
        assertThatThrownBy(() -> local.lambda.createEventSourceMapping(r -> r.functionName("polled")
                .eventSourceArn(queueArn).provisionedPollerConfig(p -> p.maximumPollers(10_001))))
                .isInstanceOf(LambdaException.class)
                .hasMessageContaining("Member must have value less than or equal to 10000");
        assertThatThrownBy(() -> local.lambda.createEventSourceMapping(r -> r.functionName("polled")
                .eventSourceArn(queueArn).provisionedPollerConfig(p -> p.minimumPollers(20).maximumPollers(10))))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("MinimumPollers must not be greater than MaximumPollers");
    }
}
