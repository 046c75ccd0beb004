package dev.sluice.cli;

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
