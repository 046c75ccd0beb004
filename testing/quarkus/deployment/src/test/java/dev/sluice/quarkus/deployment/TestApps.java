package dev.sluice.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.QuarkusUnitTest;

/** The app every test here starts, differing only in its configuration. */
final class TestApps {

    private TestApps() {
    }

    /**
     * An app with {@code keysAndValues} (key, value, key, value...) as its configuration, and quarkus-amazon-sqs's own
     * Dev Services off (they would start LocalStack in a container next to the local cloud). This class is part of the
     * app, since the test class, loaded again by Quarkus, calls it.
     */
    static QuarkusUnitTest withConfig(String... keysAndValues) {
        QuarkusUnitTest app = new QuarkusUnitTest().withApplicationRoot(jar -> jar.addClass(TestApps.class))
                .overrideConfigKey("quarkus.sqs.devservices.enabled", "false");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            app.overrideConfigKey(keysAndValues[i], keysAndValues[i + 1]);
        }
        return app;
    }

    /**
     * No local cloud started: quarkus-amazon-sqs's endpoint is {@code sqsEndpoint} (the user's, or none) and the SDK's
     * endpoint system property, which the local cloud would set, is absent.
     */
    static void assertNoLocalCloud(Optional<String> sqsEndpoint) {
        assertThat(ConfigProvider.getConfig().getOptionalValue("quarkus.sqs.endpoint-override", String.class))
                .isEqualTo(sqsEndpoint);
        assertThat(System.getProperty("aws.endpointUrl")).isNull();
    }
}
