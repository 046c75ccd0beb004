package dev.sluice.constructs;

import static dev.sluice.constructs.TestScopes.function;
import static dev.sluice.constructs.TestScopes.stack;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** LocalScalingProps' profile and AWS-profile local cap: written as the mapping's metadata, checked at synth. */
class LocalScalingProfileTest {

    private static final String ESM = "AWS::Lambda::EventSourceMapping";

    private static QueueFunction worker(Stack stack, LocalScalingProps localScaling) {
        return new QueueFunction(stack, "Worker", QueueFunctionProps.builder().function(function(stack, "Fn", 30))
                .localScaling(localScaling).build());
    }

    @Test
    void theProfileAndLocalCapReachTheMappingsMetadata() {
        Stack stack = stack();
        worker(stack, LocalScalingProps.builder().profile("aws").awsLocalCap(4).build());

        Template.fromStack(stack).hasResource(ESM, Map.of("Metadata", Map.of("sluice:scaling",
                Match.exact(Map.of("profile", "aws", "awsLocalCap", 4)))));
    }

    @Test
    void anUnknownProfileNamesTheKeyAndTheAllowedValues() {
        Stack stack = stack();
        assertThatThrownBy(() -> worker(stack, LocalScalingProps.builder().profile("gcp").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid QueueFunction props: localScaling.profile must be one of local, aws (given 'gcp')");
    }

    @Test
    void aLocalCapOutOfRangeIsRejectedWithTheOtherViolations() {
        Stack stack = stack();
        assertThatThrownBy(() -> worker(stack, LocalScalingProps.builder().profile("Azure").awsLocalCap(0).build()))
                .hasMessageContaining("localScaling.awsLocalCap must be between 1 and 1000 inclusive (given 0)")
                .hasMessageContaining("localScaling.profile must be one of local, aws (given 'Azure')");
    }
}
