package dev.sluice.local.sqs;

import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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

    /** Null when the request may go to ElasticMQ, else SQS's XML error (400 InvalidAction) as Query clients read it. */
    static AwsResponse refusal(AwsRequest request) {
        if (request.method().equals("POST") || request.target() != null) {
            return null;
        }
        String action = request.queryAction();
        if (action == null || READ_ONLY.contains(action)) {
            return null;
        }
        String xml = "<ErrorResponse xmlns=\"" + SqsService.XML_NAMESPACE + "\">"
                + "<Error><Type>Sender</Type><Code>InvalidAction</Code><Message>" + xml(action) + " changes queues"
                + " or messages and must be sent by POST (given " + xml(request.method()) + "): a web page can make"
                + " a browser send GETs to 127.0.0.1. A " + xml(request.method()) + " may carry only "
                + String.join(", ", READ_ONLY.stream().sorted().toList()) + ".</Message><Detail/></Error>"
                + "<RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
        return new AwsResponse(400, "text/xml", xml.getBytes(StandardCharsets.UTF_8),
                Map.of("x-amzn-ErrorType", "InvalidAction"));
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
