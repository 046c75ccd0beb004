package {{package}}.functions;

import org.jboss.logging.Logger;

import io.quarkus.funqy.Funq;

/**
 * {@code processTask}: triggered by the queue {@code {{name}}-tasks}. Funqy takes the SQS event apart: it calls this
 * method once per record with the record's body (the EventBridge event the rule put on the queue) and answers with
 * the records whose body does not parse, or for which this method throws, in {@code batchItemFailures}. Those come
 * back after the queue's visibility timeout and end in {@code {{name}}-tasks-dlq} after three receives; the others
 * are deleted from the queue.
 */
public class ProcessTaskFunction {

    private static final Logger LOG = Logger.getLogger(ProcessTaskFunction.class);

    @Funq
    public void processTask(EventEnvelope<Task> event) {
        Task task;
        try {
            task = Task.of(event);
        } catch (IllegalArgumentException e) {
            // Funqy reports the record as failed but does not log why: this line does.
            LOG.warnf("event %s not processed: %s", event.id(), e.getMessage());
            throw e;
        }
        LOG.infof("task %s (%s, %s) processed", task.taskId(), task.kind(), task.priority());
    }
}
