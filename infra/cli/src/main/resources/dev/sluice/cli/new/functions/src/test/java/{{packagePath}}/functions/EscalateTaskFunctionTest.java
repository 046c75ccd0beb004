package {{package}}.functions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** escalateTask receives the EventBridge event itself: the rule invokes it directly. */
@QuarkusTest
@TestProfile(EscalateTaskFunctionTest.Export.class)
class EscalateTaskFunctionTest {

    /** Runs the function as its Lambda does: the one exported function. */
    public static class Export implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "escalateTask");
        }
    }

    @Test
    void anUrgentTaskIsEscalated() {
        SampleEvents.invoke(SampleEvents.read("urgent-task.json"))
                .statusCode(200)
                .body("taskId", equalTo("task-7"))
                .body("kind", equalTo("report"))
                .body("submittedAt", equalTo("2026-01-15T10:00:00Z"))
                .body("notified", equalTo("on-call"));
    }

    @Test
    void anEventWithoutATaskIdFailsWithAMessageThatSaysSo() {
        ObjectNode event = SampleEvents.read("urgent-task.json");
        ((ObjectNode) event.get("detail")).remove("taskId");

        SampleEvents.invoke(event)
                .statusCode(500)
                .body(containsString("detail.taskId is required"));
    }
}
