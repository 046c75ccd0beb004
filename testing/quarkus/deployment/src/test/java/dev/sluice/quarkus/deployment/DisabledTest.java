package dev.sluice.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** quarkus.sluice.devservices.enabled=false: no local cloud, and no project is looked for. */
class DisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.sluice.devservices.enabled", "false")
            .overrideConfigKey("quarkus.sluice.devservices.project", "/nonexistent")
            .overrideConfigKey("quarkus.sqs.devservices.enabled", "false");

    @Test
    void nothingIsStarted() {
        assertThat(ConfigProvider.getConfig().getOptionalValue("quarkus.sqs.endpoint-override", String.class))
                .isEmpty();
        assertThat(System.getProperty("aws.endpointUrl")).isNull();
    }
}
