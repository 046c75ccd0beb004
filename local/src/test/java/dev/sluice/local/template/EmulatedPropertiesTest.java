package dev.sluice.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmulatedPropertiesTest {

    @Test
    void propertiesSetButNotEmulatedAreListedInTemplateOrder() {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("Runtime", "java21");
        function.put("TracingConfig", Map.of("Mode", "Active"));
        function.put("Handler", "a.B::handle");
        function.put("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
        function.put("Tags", Map.of());
        function.put("Layers", java.util.List.of("arn:aws:lambda:us-east-1:000000000000:layer:x:1"));
        function.put("Architectures", java.util.List.of("arm64"));
        function.put("DeadLetterConfig", Map.of("TargetArn", "arn:aws:sqs:us-east-1:000000000000:dlq"));

        assertThat(EmulatedProperties.ignored("AWS::Lambda::Function", function))
                .containsExactly("TracingConfig", "SnapStart", "Layers");
        assertThat(EmulatedProperties.ignored("AWS::SQS::Queue", Map.of("QueueName", "q", "KmsMasterKeyId", "k")))
                .containsExactly("KmsMasterKeyId");
        assertThat(EmulatedProperties.ignored("AWS::IAM::Role", Map.of("Policies", "p"))).isEmpty();
    }

    @Test
    void propertiesWithoutWhichAResourceCannotRunSaySo() {
        assertThat(EmulatedProperties.blocked("AWS::Events::Rule", Map.of("ScheduleExpression", "rate(5 minutes)")))
                .as("scheduled rules run").isNull();
        assertThat(EmulatedProperties.blocked("AWS::Lambda::Function", Map.of("PackageType", "Image")))
                .isEqualTo("container image functions are not run locally (PackageType Image)");
        assertThat(EmulatedProperties.blocked("AWS::Lambda::Function", Map.of("PackageType", "Zip"))).isNull();
        assertThat(EmulatedProperties.ignored("AWS::Lambda::Function", Map.of("PackageType", "Zip"))).isEmpty();
    }
}
