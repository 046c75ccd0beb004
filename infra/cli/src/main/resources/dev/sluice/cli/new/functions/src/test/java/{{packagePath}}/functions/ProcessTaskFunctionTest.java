package {{package}}.functions;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.nullValue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** processTask receives SQS events, as the queue's event source mapping delivers them. */
@QuarkusTest
@TestProfile(ProcessTaskFunctionTest.Export.class)
class ProcessTaskFunctionTest {

    /** Runs the function as its Lambda does: the one exported function. */
    public static class Export implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "processTask");
        }
    }

    @Test
    void onlyTheRecordWithoutATaskIdIsReportedAsFailed() {
        // events/sqs-event.json: two tasks, and message "no-task-id", a TaskSubmitted event without a taskId
        SampleEvents.invoke(SampleEvents.read("sqs-event.json"))
                .statusCode(200)
                .body("batchItemFailures.itemIdentifier", contains("no-task-id"));
    }

    @Test
    void aBatchOfTasksSucceeds() {
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String taskId : new String[] {"task-10", "task-11", "task-12"}) {
            ObjectNode event = SampleEvents.read("urgent-task.json");
            ((ObjectNode) event.get("detail")).put("taskId", taskId);
            bodies.put("message-" + taskId, event.toString());
        }

        SampleEvents.invoke(SampleEvents.sqsEvent(bodies))
                .statusCode(200)
                .body("batchItemFailures", anyOf(nullValue(), empty()));
    }

    @Test
    void aRecordThatIsNotJsonIsReportedAsFailed() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("task", SampleEvents.read("urgent-task.json").toString());
        bodies.put("not-json", "{not json");

        SampleEvents.invoke(SampleEvents.sqsEvent(bodies))
                .statusCode(200)
                .body("batchItemFailures.itemIdentifier", contains("not-json"));
    }

    @Test
    void anEventOfAnotherTypeIsReportedAsFailed() {
        ObjectNode event = SampleEvents.read("urgent-task.json");
        event.put("detail-type", "TaskCancelled");

        SampleEvents.invoke(SampleEvents.sqsEvent(Map.of("cancelled", event.toString())))
                .statusCode(200)
                .body("batchItemFailures.itemIdentifier", contains("cancelled"));
    }
}
