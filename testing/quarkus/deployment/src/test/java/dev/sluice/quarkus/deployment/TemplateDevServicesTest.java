package dev.sluice.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * No endpoint configured, no Docker (DOCKER_HOST points nowhere in this module's tests): the local cloud starts with
 * the given template deployed, quarkus-amazon-sqs's client is pointed at it, and an SDK client the app builds itself
 * finds it through the SDK's system properties.
 */
class TemplateDevServicesTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = TestApps.withConfig(
            "quarkus.sluice.devservices.templates", "src/test/resources/greetings.yaml",
            "quarkus.sqs.sync-client.type", "url");

    @Inject
    SqsClient sqs;

    @ConfigProperty(name = "quarkus.sqs.endpoint-override")
    URI endpoint;

    @Test
    void theInjectedSqsClientTalksToTheLocalCloud() {
        assertThat(endpoint.toString()).startsWith("http://127.0.0.1:");
        String url = sqs.getQueueUrl(r -> r.queueName("greetings")).queueUrl();

        sqs.sendMessage(r -> r.queueUrl(url).messageBody("hello"));

        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(5)).messages();
        assertThat(messages).extracting(Message::body).containsExactly("hello");
    }

    @Test
    void anSdkClientBuiltByTheAppFindsItThroughTheSdksSystemProperties() {
        assertThat(System.getProperty("aws.endpointUrl")).isEqualTo(endpoint.toString());
        try (EventBridgeClient events = EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create())
                .build()) {
            events.putEvents(r -> r.entries(e -> e.eventBusName("greetings-bus").source("greeter")
                    .detailType("Greeting").detail("{\"text\":\"hi\"}")));
        }
        String url = sqs.getQueueUrl(r -> r.queueName("greetings")).queueUrl();

        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(5)).messages();
        assertThat(messages).singleElement().extracting(Message::body).asString().contains("\"text\":\"hi\"");
    }
}
