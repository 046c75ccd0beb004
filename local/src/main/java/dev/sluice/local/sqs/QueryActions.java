package dev.sluice.local.sqs;

import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.AwsRequest;
import java.util.Set;

/**
 * SQS Query protocol actions ({@code Action=...} in a form or the query string) by what they may be sent with. Any
 * page can make a browser send a GET (a link, an image), so a GET, or any other method but POST, may carry only
 * actions that change nothing; ReceiveMessage is not one of them (it hides messages for the visibility timeout).
 */
final class QueryActions {

    static final Set<String> READ_ONLY = Set.of("ListQueues", "GetQueueUrl", "GetQueueAttributes", "ListQueueTags",
            "ListDeadLetterSourceQueues", "ListMessageMoveTasks");

    private QueryActions() {
    }

    /**
     * Returns when the request may go to ElasticMQ; else refuses it with SQS's {@code InvalidAction} (the edge writes
     * it as Query clients read it).
     */
    static void checkMethod(AwsRequest request) {
        if (request.method().equals("POST") || request.target() != null) {
            return;
        }
        String action = request.queryAction();
        if (action == null || READ_ONLY.contains(action)) {
            return;
        }
        throw AwsError.badRequest("InvalidAction", action + " changes queues or messages and must be sent by POST"
                + " (given " + request.method() + "): a web page can make a browser send GETs to 127.0.0.1. A "
                + request.method() + " may carry only " + String.join(", ", READ_ONLY.stream().sorted().toList())
                + ".");
    }
}
