package {{package}}.functions;

import org.jboss.logging.Logger;

import io.quarkus.funqy.Funq;

/**
 * {@code escalateTask}: the rule {@code UrgentTaskSubmitted} on the bus {@code {{name}}} invokes it, asynchronously,
 * with every {@value Task#SUBMITTED} event whose priority is "urgent". A throw is a function error: Lambda retries the
 * event, then the rule sends it to its dead-letter queue. Invoked directly, it returns the {@link Escalation}.
 */
public class EscalateTaskFunction {

    private static final Logger LOG = Logger.getLogger(EscalateTaskFunction.class);
    static final String ON_CALL = "on-call";

    @Funq
    public Escalation escalateTask(EventEnvelope<Task> event) {
        Task task = Task.of(event);
        Escalation escalation = new Escalation(task.taskId(), task.kind(), event.time(), ON_CALL);
        LOG.infof("task %s (%s) escalated to %s", task.taskId(), task.kind(), ON_CALL);
        return escalation;
    }
}
