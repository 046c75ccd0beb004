package dev.sluice.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.AwsRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Declarations, their checks and the decisions of {@link Faults}, without a cloud. */
class FaultsTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    private static List<Boolean> decisions(Faults faults, String function, int count) {
        List<Boolean> fired = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            fired.add(faults.forInvocation(function) != null);
        }
        return fired;
    }

    @Test
    void aSeedGivesTheSameSequenceOfDecisions() throws Exception {
        String declaration = "{\"function\":\"f\",\"action\":\"error\",\"errorType\":\"E\",\"probability\":0.5,"
                + "\"seed\":42}";
        Faults first = new Faults();
        first.add(json(declaration));
        Faults second = new Faults();
        second.add(json(declaration));

        List<Boolean> once = decisions(first, "f", 64);
        assertThat(decisions(second, "f", 64)).isEqualTo(once);
        assertThat(once).contains(true, false);
        assertThat(first.list().get(0).matched()).isEqualTo(64);
        assertThat(first.list().get(0).injected()).isEqualTo(once.stream().filter(b -> b).count());
    }

    @Test
    void eachFaultFlipsItsOwnCoinSoAnotherFaultDoesNotChangeItsSequence() throws Exception {
        Faults alone = new Faults();
        alone.add(json("{\"function\":\"f\",\"action\":\"delay\",\"delayMillis\":1,\"probability\":0.5,\"seed\":1}"));
        Faults shared = new Faults();
        shared.add(json("{\"function\":\"f\",\"action\":\"throttle\",\"probability\":0.3}"));
        shared.add(json("{\"function\":\"f\",\"action\":\"delay\",\"delayMillis\":1,\"probability\":0.5,\"seed\":1}"));
        decisions(alone, "f", 40);
        decisions(shared, "f", 40);
        assertThat(shared.list().get(1).injected()).isEqualTo(alone.list().get(0).injected());
    }

    @Test
    void probabilityOneAlwaysFiresAndOtherFunctionsAreLeftAlone() throws Exception {
        Faults faults = new Faults();
        Fault fault = faults.add(json("{\"function\":\"f\",\"action\":\"kill\"}"));
        assertThat(fault.id()).isEqualTo("fault-1");
        assertThat(fault.probability()).isEqualTo(1.0);
        assertThat(decisions(faults, "f", 5)).containsOnly(true);
        assertThat(decisions(faults, "g", 5)).containsOnly(false);
    }

    @Test
    void anApiFaultAnswersItsOperationWithTheAwsError() throws Exception {
        Faults faults = new Faults();
        faults.add(json("{\"service\":\"sqs\",\"operation\":\"SendMessage\",\"errorType\":\"ServiceUnavailable\"}"));
        AwsError error = faults.forOperation("sqs", "SendMessage");
        assertThat(error.status()).isEqualTo(503);
        assertThat(error.code()).isEqualTo("ServiceUnavailable");
        assertThat(error.getMessage()).contains("fault-1");
        assertThat(faults.forOperation("sqs", "ReceiveMessage")).isNull();
        assertThat(faults.forOperation("events", "SendMessage")).isNull();
    }

    @Test
    void defaultStatusesFollowTheCode() throws Exception {
        Faults faults = new Faults();
        assertThat(faults.add(json("{\"service\":\"events\",\"operation\":\"PutEvents\",\"errorType\":"
                + "\"InternalException\"}")).status()).isEqualTo(500);
        assertThat(faults.add(json("{\"service\":\"lambda\",\"operation\":\"Invoke\",\"errorType\":"
                + "\"TooManyRequestsException\"}")).status()).isEqualTo(429);
        assertThat(faults.add(json("{\"service\":\"sqs\",\"operation\":\"SendMessage\",\"errorType\":"
                + "\"InvalidParameterValue\"}")).status()).isEqualTo(400);
        assertThat(faults.add(json("{\"service\":\"sqs\",\"operation\":\"SendMessage\",\"errorType\":"
                + "\"KMS.ThrottlingException\",\"status\":400}")).status()).isEqualTo(400);
    }

    @Test
    void removingOneOrAll() throws Exception {
        Faults faults = new Faults();
        faults.add(json("{\"function\":\"f\",\"action\":\"timeout\"}"));
        faults.add(json("{\"function\":\"g\",\"action\":\"timeout\"}"));
        assertThat(faults.remove("fault-1")).isTrue();
        assertThat(faults.remove("fault-1")).isFalse();
        assertThat(faults.list()).extracting(Fault::id).containsExactly("fault-2");
        assertThat(faults.removeAll()).isEqualTo(1);
        assertThat(faults.list()).isEmpty();
    }

    @Test
    void badDeclarationsAreRefusedNamingEachProblem() {
        assertRefused("{\"function\":\"f\",\"action\":\"error\",\"errorType\":\"E\",\"probability\":1.5}",
                "probability must be a number between 0 and 1 (given 1.5)");
        assertRefused("{\"function\":\"f\",\"action\":\"explode\"}",
                "action must be one of error, delay, timeout, throttle, kill (given 'explode')");
        assertRefused("{\"service\":\"s3\",\"operation\":\"PutObject\",\"errorType\":\"SlowDown\"}",
                "service must be one of events, lambda, sqs (given 's3')");
        assertRefused("{\"service\":\"sqs\",\"operation\":\"SendMessages\",\"errorType\":\"E\"}",
                "operation must be one of sqs's: ", "(given 'SendMessages')");
        assertRefused("{\"function\":\"f\",\"action\":\"error\"}", "action error needs errorType");
        assertRefused("{\"function\":\"f\",\"action\":\"delay\"}", "action delay needs delayMillis between 1 and");
        assertRefused("{\"function\":\"f\",\"service\":\"sqs\",\"action\":\"kill\"}", "not both");
        assertRefused("{\"service\":\"sqs\",\"operation\":\"SendMessage\",\"errorType\":\"E\",\"status\":200}",
                "status must be between 400 and 599 (given 200)");
        assertRefused("{\"function\":\"f\",\"action\":\"kill\",\"sede\":1}", "unknown field 'sede'");
        // every problem at once
        assertRefused("{\"function\":\"f\",\"action\":\"nope\",\"probability\":-1}", "action must be one of",
                "probability must be a number between 0 and 1 (given -1)");
    }

    private static void assertRefused(String declaration, String... messages) {
        assertThatThrownBy(() -> new Faults().add(json(declaration)))
                .isInstanceOfSatisfying(AwsError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains(messages);
                });
    }

    @Test
    void anApiFaultForAServiceTheCloudDoesNotServeIsRefused() {
        Faults attached = new Faults(java.util.Set.of("lambda"));
        assertThatThrownBy(() -> attached.add("{\"service\":\"sqs\",\"operation\":\"SendMessage\",\"errorType\":"
                + "\"E\"}")).isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.getMessage())
                .contains("does not serve sqs", "would never fire"));
        assertThat(attached.add("{\"service\":\"lambda\",\"operation\":\"Invoke\",\"errorType\":\"E\"}").id())
                .isEqualTo("fault-1");
    }

    @Test
    void operationsAreReadFromEachProtocol() {
        assertThat(Operations.of("sqs", request("POST", "/", Map.of("x-amz-target", "AmazonSQS.SendMessage"), "")))
                .isEqualTo("SendMessage");
        assertThat(Operations.of("sqs", request("POST", "/000000000000/q",
                Map.of("content-type", "application/x-www-form-urlencoded"), "Action=ReceiveMessage&Version=2012-11-05")))
                .isEqualTo("ReceiveMessage");
        assertThat(Operations.of("events", request("POST", "/", Map.of("x-amz-target", "AWSEvents.PutEvents"), "")))
                .isEqualTo("PutEvents");
        assertThat(Operations.lambda("POST", "/2015-03-31/functions/f/invocations")).isEqualTo("Invoke");
        assertThat(Operations.lambda("DELETE", "/2015-03-31/functions/f/policy/sid")).isEqualTo("RemovePermission");
        assertThat(Operations.lambda("GET", "/2015-03-31/event-source-mappings/")).isEqualTo("ListEventSourceMappings");
        assertThat(Operations.lambda("PUT", "/2015-03-31/event-source-mappings/abc")).isEqualTo("UpdateEventSourceMapping");
        assertThat(Operations.lambda("GET", "/nothing")).isNull();
    }

    private static AwsRequest request(String method, String path, Map<String, String> headers, String body) {
        Map<String, List<String>> all = new java.util.HashMap<>();
        headers.forEach((name, value) -> all.put(name, List.of(value)));
        return new AwsRequest(method, path, null, all, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
