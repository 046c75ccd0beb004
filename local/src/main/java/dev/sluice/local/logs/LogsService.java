package dev.sluice.local.logs;

import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.AwsJsonService;

/**
 * The local CloudWatch Logs: the AWS JSON 1.1 protocol ({@code X-Amz-Target: Logs_20140328.<Action>}) over a
 * {@link LogStore}, the one Lambda writes every execution environment's output to. Log groups, streams and events
 * (create, delete, describe, put, get, filter); what else CloudWatch Logs does (metric filters, subscriptions,
 * Insights queries, live tail, retention, KMS) is not emulated.
 *
 * <p>This class is the protocol edge: it parses the body and picks the action; refusals are {@link AwsError}s. Member
 * violations come back as CloudWatch Logs reports them, {@code InvalidParameterException} with AWS's wording.
 */
public final class LogsService extends AwsJsonService {

    /** @param store the log data, shared with Lambda (it names the region and account in ARNs) */
    public LogsService(LogStore store) {
        super("Logs_20140328.", "CloudWatch Logs", "ServiceUnavailableException", Json.MAPPER);
        LogGroupActions groups = new LogGroupActions(store);
        action("CreateLogGroup", groups::createLogGroup);
        action("DeleteLogGroup", groups::deleteLogGroup);
        action("DescribeLogGroups", groups::describeLogGroups);
        action("PutRetentionPolicy", groups::putRetentionPolicy);
        action("DeleteRetentionPolicy", groups::deleteRetentionPolicy);

        LogStreamActions streams = new LogStreamActions(store);
        action("CreateLogStream", streams::createLogStream);
        action("DeleteLogStream", streams::deleteLogStream);
        action("DescribeLogStreams", streams::describeLogStreams);

        LogEventActions events = new LogEventActions(store);
        action("PutLogEvents", events::putLogEvents);
        action("GetLogEvents", events::getLogEvents);
        action("FilterLogEvents", events::filterLogEvents);
    }

    /** CloudWatch Logs reports member violations as {@code InvalidParameterException}, with AWS's wording. */
    @Override
    protected AwsError refusal(AwsError refused) {
        return refused.code().equals("ValidationException") ? invalidParameter(refused.getMessage()) : refused;
    }

    static AwsError invalidParameter(String message) {
        return AwsError.badRequest("InvalidParameterException", message);
    }

    static AwsError notFound(String message) {
        return AwsError.badRequest("ResourceNotFoundException", message);
    }

    static AwsError alreadyExists(String message) {
        return AwsError.badRequest("ResourceAlreadyExistsException", message);
    }
}
