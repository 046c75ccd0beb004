package dev.sluice.local.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import dev.sluice.local.edge.Claim;
import dev.sluice.local.edge.EdgeService;
import dev.sluice.local.edge.RequestFields;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local CloudWatch Logs: the AWS JSON 1.1 protocol ({@code X-Amz-Target: Logs_20140328.<Action>}) over a
 * {@link LogStore}, the one Lambda writes every execution environment's output to. Log groups, streams and events
 * (create, delete, describe, put, get, filter); what else CloudWatch Logs does (metric filters, subscriptions,
 * Insights queries, live tail, retention, KMS) is not emulated.
 *
 * <p>This class is the protocol edge: it parses the body and picks the action; refusals are {@link AwsError}s. Member
 * violations come back as CloudWatch Logs reports them, {@code InvalidParameterException} with AWS's wording.
 */
public final class LogsService implements EdgeService {

    private static final Logger LOG = LoggerFactory.getLogger(LogsService.class);
    static final String TARGET_PREFIX = "Logs_20140328.";

    private final ObjectMapper json = Json.MAPPER;
    private final Map<String, Function<RequestFields, JsonNode>> actions = new HashMap<>();

    /** @param store the log data, shared with Lambda (it names the region and account in ARNs) */
    public LogsService(LogStore store) {
        LogGroupActions groups = new LogGroupActions(store);
        actions.put("CreateLogGroup", groups::createLogGroup);
        actions.put("DeleteLogGroup", groups::deleteLogGroup);
        actions.put("DescribeLogGroups", groups::describeLogGroups);
        actions.put("PutRetentionPolicy", groups::putRetentionPolicy);
        actions.put("DeleteRetentionPolicy", groups::deleteRetentionPolicy);

        LogStreamActions streams = new LogStreamActions(store);
        actions.put("CreateLogStream", streams::createLogStream);
        actions.put("DeleteLogStream", streams::deleteLogStream);
        actions.put("DescribeLogStreams", streams::describeLogStreams);

        LogEventActions events = new LogEventActions(store);
        actions.put("PutLogEvents", events::putLogEvents);
        actions.put("GetLogEvents", events::getLogEvents);
        actions.put("FilterLogEvents", events::filterLogEvents);
    }

    @Override
    public List<Claim> claims() {
        return List.of(Claim.target(TARGET_PREFIX));
    }

    /** AWS JSON 1.1: every body is JSON. */
    @Override
    public boolean readsJson(AwsRequest request) {
        return true;
    }

    @Override
    public AwsResponse handle(AwsRequest request) throws IOException {
        String target = request.target();
        String name = target == null || !target.startsWith(TARGET_PREFIX) ? "" : target.substring(TARGET_PREFIX.length());
        Function<RequestFields, JsonNode> action = actions.get(name);
        if (action == null) {
            throw AwsError.badRequest("UnknownOperationException", "Operation " + name
                    + " is not supported by the local CloudWatch Logs (it serves " + String.join(", ",
                    actions.keySet().stream().sorted().toList()) + ")");
        }
        RequestFields fields = RequestFields.ofJsonBody(request.body(), json);
        JsonNode answer;
        try {
            answer = action.apply(fields);
        } catch (AwsError refused) {
            if (refused.code().equals("ValidationException")) {
                throw invalidParameter(refused.getMessage()); // CloudWatch Logs' code for member violations
            }
            throw refused;
        } catch (RuntimeException e) {
            LOG.error("CloudWatch Logs {} failed", name, e);
            throw new AwsError(500, "ServiceUnavailableException", "Internal error in the local CloudWatch Logs: " + e);
        }
        return AwsResponse.awsJson(200, json.writeValueAsString(answer));
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
