package dev.sluice.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** An endpoint the user configured wins: no local cloud starts and nothing is overridden. */
class EndpointConfiguredTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.sqs.endpoint-override", "http://127.0.0.1:4599")
            .overrideConfigKey("quarkus.sqs.devservices.enabled", "false")
            .overrideConfigKey("quarkus.sluice.devservices.project", "/nonexistent");

    @Test
    void theConfiguredEndpointStays() {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.sqs.endpoint-override", String.class))
                .isEqualTo("http://127.0.0.1:4599");
        assertThat(System.getProperty("aws.endpointUrl")).isNull();
    }
}
