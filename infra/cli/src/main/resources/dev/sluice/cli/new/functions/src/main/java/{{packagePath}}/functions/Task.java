package {{package}}.functions;

/**
 * The detail of a {@value #SUBMITTED} event.
 *
 * @param taskId   required
 * @param kind     what is to be done, e.g. "report"
 * @param priority "normal" or "urgent"
 */
public record Task(String taskId, String kind, String priority) {

    public static final String SUBMITTED = "TaskSubmitted";

    /** The task an event carries; throws for an event that carries none, which fails that event only. */
    public static Task of(EventEnvelope<Task> event) {
        if (!SUBMITTED.equals(event.detailType())) {
            throw new IllegalArgumentException("event " + event.id() + ": detail-type must be " + SUBMITTED
                    + " (given " + event.detailType() + ")");
        }
        Task task = event.detail();
        if (task == null || task.taskId() == null || task.taskId().isBlank()) {
            throw new IllegalArgumentException("event " + event.id() + ": detail.taskId is required");
        }
        return task;
    }
}
