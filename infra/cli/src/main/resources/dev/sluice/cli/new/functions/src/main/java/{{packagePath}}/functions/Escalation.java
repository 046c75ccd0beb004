package {{package}}.functions;

/** What {@code escalateTask} did with an urgent task. */
public record Escalation(String taskId, String kind, String submittedAt, String notified) {
}
