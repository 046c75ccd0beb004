package dev.sluice.local.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service speaking AWS JSON 1.1 ({@code X-Amz-Target: <prefix><Action>}, a JSON object in, a JSON object out):
 * subclasses register each action as a function of the request's fields; this class picks the action, reads the
 * body and turns an unexpected failure into the service's internal error. Refusals are {@link AwsError}s.
 */
public abstract class AwsJsonService implements EdgeService {

    private static final Logger LOG = LoggerFactory.getLogger(AwsJsonService.class);

    private final String targetPrefix;
    private final String serviceName;
    private final String internalErrorCode;
    private final ObjectMapper json;
    private final Map<String, Function<RequestFields, JsonNode>> actions = new HashMap<>();

    /**
     * @param targetPrefix      the {@code X-Amz-Target} prefix, e.g. {@code AWSEvents.}
     * @param serviceName       the name in messages, e.g. {@code EventBridge}
     * @param internalErrorCode the code AWS gives an internal failure of this service
     * @param json              reads request bodies and writes answers
     */
    protected AwsJsonService(String targetPrefix, String serviceName, String internalErrorCode, ObjectMapper json) {
        this.targetPrefix = targetPrefix;
        this.serviceName = serviceName;
        this.internalErrorCode = internalErrorCode;
        this.json = json;
    }

    /** Serves the action {@code name} ({@code X-Amz-Target: <prefix><name>}). */
    protected final void action(String name, Function<RequestFields, JsonNode> action) {
        actions.put(name, action);
    }

    /** What an action's refusal becomes (default: itself); a service whose AWS counterpart uses other codes maps them. */
    protected AwsError refusal(AwsError refused) {
        return refused;
    }

    /** Called after action {@code name} succeeded, before the answer is written (default: nothing). */
    protected void succeeded(String name) {
    }

    @Override
    public final List<Claim> claims() {
        return List.of(Claim.target(targetPrefix));
    }

    /** AWS JSON 1.1: every body is JSON. */
    @Override
    public final boolean readsJson(AwsRequest request) {
        return true;
    }

    @Override
    public final AwsResponse handle(AwsRequest request) throws Exception {
        String target = request.target();
        String name = target == null || !target.startsWith(targetPrefix) ? "" : target.substring(targetPrefix.length());
        Function<RequestFields, JsonNode> action = actions.get(name);
        if (action == null) {
            throw AwsError.badRequest("UnknownOperationException", "Operation " + name
                    + " is not supported by the local " + serviceName + " (it serves " + String.join(", ",
                    actions.keySet().stream().sorted().toList()) + ")");
        }
        RequestFields fields = RequestFields.ofJsonBody(request.body(), json);
        JsonNode answer;
        try {
            answer = action.apply(fields);
        } catch (AwsError refused) {
            throw refusal(refused);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", serviceName, name, e);
            throw new AwsError(500, internalErrorCode, "Internal error in the local " + serviceName + ": " + e);
        }
        succeeded(name);
        return AwsResponse.awsJson(200, json.writeValueAsString(answer));
    }
}
