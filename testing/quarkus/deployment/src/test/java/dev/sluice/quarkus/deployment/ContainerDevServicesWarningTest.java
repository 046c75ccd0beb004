package dev.sluice.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/**
 * quarkus-amazon-sqs's own Dev Services left on, without Docker: they fail the build (their choice, in 3.14.1), and
 * Sluice's warning before it names the setting that turns them off.
 */
class ContainerDevServicesWarningTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.sluice.devservices.templates", "src/test/resources/greetings.yaml")
            .setLogRecordPredicate(r -> r.getLoggerName().equals(LocalCloudDevServicesProcessor.class.getName()))
            .assertLogRecords(records -> assertThat(records)
                    .filteredOn(r -> r.getLevel().equals(Level.WARNING))
                    .extracting(r -> r.getMessage().formatted(r.getParameters()))
                    .containsExactly("Sluice Dev Services serve quarkus-amazon-sqs, whose own Dev Services are on:"
                            + " they need Docker (without it they fail the build) and would start LocalStack next to"
                            + " the local cloud. Set quarkus.sqs.devservices.enabled=false"))
            .assertException(e -> assertThat(e).hasStackTraceContaining("Docker isn't working"));

    @Test
    void theBuildFailsInQuarkusAmazonServicesDevServices() {
        // the build failure is asserted above
    }
}
