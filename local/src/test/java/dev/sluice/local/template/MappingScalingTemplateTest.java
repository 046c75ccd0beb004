package dev.sluice.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.CloudUnderTest;
import dev.sluice.testing.TestFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.ProvisionedPollerConfig;

/**
 * A template's ReservedConcurrentExecutions and an AWS::Lambda::EventSourceMapping's ProvisionedPollerConfig reach the
 * local cloud; a reservation below the mapping's demand is a warning line of the deploy; a redeploy that switches the
 * mapping from provisioned mode to ScalingConfig clears the former.
 */
class MappingScalingTemplateTest {

    @TempDir
    Path dir;

    @Test
    void provisionedPollersAndReservedConcurrencyComeFromTheTemplate() throws Exception {
        Files.write(dir.resolve("fn.zip"), TestFunctions.ZIP.bytes());
        Path template = dir.resolve("scaling.yaml");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (CloudUnderTest local = CloudUnderTest.start(dir.resolve("cloud"), b -> b.autoscaling(false))) {
            TemplateDeployer deployer = local.deployer(lines::add);
            LambdaClient lambda = local.lambda();
            Files.writeString(template, template(
                    "ProvisionedPollerConfig: {MinimumPollers: 3, MaximumPollers: 20}"));
            deployer.deploy(template, "scaling", Map.of());

            assertThat(lambda.getFunctionConcurrency(b -> b.functionName("scaling-fn")).reservedConcurrentExecutions())
                    .isEqualTo(1);
            assertThat(mapping(lambda).provisionedPollerConfig())
                    .isEqualTo(ProvisionedPollerConfig.builder().minimumPollers(3).maximumPollers(20).build());
            assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("warning: function scaling-fn has reserved"
                    + " concurrency 1, below the 5 concurrent batches"));

            Files.writeString(template, template("ScalingConfig: {MaximumConcurrency: 4}"));
            lines.clear();
            deployer.deploy(template, "scaling", Map.of());
            EventSourceMappingConfiguration mapping = mapping(lambda);
            assertThat(mapping.provisionedPollerConfig()).isNull();
            assertThat(mapping.scalingConfig().maximumConcurrency()).isEqualTo(4);
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("below the mapping's MaximumConcurrency 4"));
        }
    }

    /** The stack, its mapping scaled by {@code scaling} (one property line). */
    private static String template(String scaling) {
        return """
                Resources:
                  Input:
                    Type: AWS::SQS::Queue
                    Properties: {QueueName: scaling-input, VisibilityTimeout: 60}
                %s
                  Mapping:
                    Type: AWS::Lambda::EventSourceMapping
                    Properties:
                      FunctionName: !Ref Fn
                      EventSourceArn: !GetAtt Input.Arn
                      %s
                """.formatted(TemplateFragments.javaFunction("Fn", "fn.zip", TestFunctions.NOOP,
                "FunctionName: scaling-fn", "ReservedConcurrentExecutions: 1"), scaling);
    }

    private static EventSourceMappingConfiguration mapping(LambdaClient lambda) {
        return lambda.listEventSourceMappings(b -> b.functionName("scaling-fn")).eventSourceMappings().get(0);
    }
}
