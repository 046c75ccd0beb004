package dev.sluice.cli;

import dev.sluice.local.core.Arn;
import dev.sluice.local.sqs.RedrivePolicy;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** Queue names and URLs: commands accept either. */
final class QueueNames {

    private QueueNames() {
    }

    static String nameOf(String queueUrlOrArn) {
        return Arn.nameOf(queueUrlOrArn);
    }

    /** The name of the dead-letter queue a RedrivePolicy attribute names, or null (none, or unreadable). */
    static String deadLetterQueueOf(String redrivePolicy) {
        return RedrivePolicy.deadLetterQueue(redrivePolicy);
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
