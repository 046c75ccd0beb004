package dev.sluice.functions;

import static io.restassured.RestAssured.given;

import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.response.ValidatableResponse;

/** Invokes the exported function as Lambda does, through the extension's mock event server. */
public final class MockEventServer {

    private MockEventServer() {
    }

    public static ValidatableResponse invoke(String event) {
        int port = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
        return given().port(port).contentType("application/json").accept("application/json")
                .body(event)
                .when().post()
                .then();
    }

    /** Invokes an SQS-triggered function; returns the message ids it reported in {@code batchItemFailures}. */
    public static List<String> batchItemFailures(String sqsEvent) {
        List<String> ids = invoke(sqsEvent)
                .statusCode(200)
                .extract().jsonPath().getList("batchItemFailures.itemIdentifier", String.class);
        return ids == null ? List.of() : ids;
    }
}
