package {{package}}.infra;

import java.util.List;
import java.util.Map;

import dev.sluice.constructs.EventFunction;
import dev.sluice.constructs.EventFunctionProps;
import dev.sluice.constructs.FunqyFunction;
import dev.sluice.constructs.FunqyFunctionProps;
import dev.sluice.constructs.QueueFunction;
import dev.sluice.constructs.QueueFunctionProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.EventPattern;
import software.constructs.Construct;

/**
 * The functions, each a Lambda running one function of {@code functions/target/function.zip}:
 * <ul>
 *   <li>{@value #PROCESS_TASK} consumes the task queue: batches of up to ten, at most {@value #MAX_CONCURRENCY}
 *       batches at a time, failed records reported one by one; alarms on backlog, age and dead letters;</li>
 *   <li>{@value #ESCALATE_TASK} gets urgent tasks straight from the bus, with retries and a dead-letter queue.</li>
 * </ul>
 */
public class FunctionsStack extends Stack {

    public static final String PROCESS_TASK = "{{name}}-process-task";
    public static final String ESCALATE_TASK = "{{name}}-escalate-task";
    static final int FUNCTION_TIMEOUT_SECONDS = 10;
    static final int MAX_CONCURRENCY = 5;

    public FunctionsStack(Construct scope, String id, StackProps props, MessagingStack messaging, String functionZip) {
        super(scope, id, props);

        FunqyFunction processTask = function("ProcessTaskFunction", PROCESS_TASK, "processTask", functionZip);
        new QueueFunction(this, "ProcessTask", QueueFunctionProps.builder()
                .queue(messaging.getTaskQueue())
                .function(processTask)
                .batchSize(10)
                .maxConcurrency(MAX_CONCURRENCY)
                .build());

        FunqyFunction escalateTask = function("EscalateTaskFunction", ESCALATE_TASK, "escalateTask", functionZip);
        new EventFunction(this, "EscalateTask", EventFunctionProps.builder()
                .eventBus(messaging.getBus())
                .ruleName("UrgentTaskSubmitted")
                .ruleDescription("Urgent tasks are escalated")
                .eventPattern(EventPattern.builder()
                        .source(List.of(MessagingStack.TASK_SOURCE))
                        .detailType(List.of(MessagingStack.TASK_SUBMITTED))
                        .detail(Map.of("priority", List.of("urgent")))
                        .build())
                .function(escalateTask)
                .retryAttempts(3)
                .maxEventAge(Duration.hours(1))
                .build());
    }

    /** A Lambda running the Funqy function {@code export}. */
    private FunqyFunction function(String id, String functionName, String export, String functionZip) {
        return new FunqyFunction(this, id, FunqyFunctionProps.builder()
                .functionName(functionName)
                .export(export)
                .zipPath(functionZip)
                .timeout(Duration.seconds(FUNCTION_TIMEOUT_SECONDS))
                .build());
    }
}
