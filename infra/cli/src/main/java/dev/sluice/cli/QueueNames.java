package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** Queue names and URLs: commands accept either. */
final class QueueNames {

    private QueueNames() {
    }

    static String nameOf(String queueUrlOrArn) {
        int cut = Math.max(queueUrlOrArn.lastIndexOf('/'), queueUrlOrArn.lastIndexOf(':'));
        return queueUrlOrArn.substring(cut + 1);
    }

    /** The name of the dead-letter queue a RedrivePolicy attribute names, or null (none, or unreadable). */
    static String deadLetterQueueOf(String redrivePolicy) {
        if (redrivePolicy == null || redrivePolicy.isBlank()) {
            return null;
        }
        try {
            JsonNode arn = new ObjectMapper().readTree(redrivePolicy).path("deadLetterTargetArn");
            return arn.isTextual() ? nameOf(arn.asText()) : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The URL of a queue given by name or URL; a missing queue is a one-line failure naming it. */
    static String urlOf(SqsClient sqs, String nameOrUrl) {
        String name = nameOrUrl.startsWith("http://") || nameOrUrl.startsWith("https://") ? nameOf(nameOrUrl) : nameOrUrl;
        try {
            return sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            throw new CommandFailure("queue '" + name + "' does not exist", e);
        }
    }
}
