package dev.sluice.local.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.CloudUnderTest;
import dev.sluice.local.core.LocalClients;
import dev.sluice.testing.AwsCli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** GetCallerIdentity answers for the local account, through the SDK and the AWS CLI, as the CDK toolkit asks it. */
class StsServiceTest {

    @RegisterExtension
    static final CloudUnderTest local = CloudUnderTest.perClass(b -> b.autoscaling(false));

    @Test
    void theSdkGetsTheLocalAccount() {
        try (StsClient sts = LocalClients.create(StsClient.builder(), local.endpoint(), "us-east-1")) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();

            assertThat(identity.account()).isEqualTo("000000000000");
            assertThat(identity.arn()).isEqualTo("arn:aws:iam::000000000000:root");
            assertThat(identity.userId()).isEqualTo("000000000000");
        }
    }

    @Test
    void theAwsCliGetsTheLocalAccount() throws Exception {
        JsonNode identity = new AwsCli(local.endpoint(), "us-east-1", "sts").run("get-caller-identity").json();

        assertThat(identity.path("Account").asText()).isEqualTo("000000000000");
        assertThat(identity.path("Arn").asText()).isEqualTo("arn:aws:iam::000000000000:root");
    }

    @Test
    void otherActionsAreRefusedInStsOwnXml() throws Exception {
        try (StsClient sts = LocalClients.create(StsClient.builder(), local.endpoint(), "us-east-1")) {
            assertThatThrownBy(() -> sts.getSessionToken())
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
                    })
                    .hasMessageContaining("Could not find operation GetSessionToken for version 2011-06-15");
        }
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(local.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=AssumeRole&Version=2011-06-15")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(raw.statusCode()).isEqualTo(400);
        assertThat(raw.headers().firstValue("content-type")).hasValue("text/xml");
        assertThat(raw.body()).startsWith("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">")
                .contains("<Code>InvalidAction</Code>");
    }
}
