package dev.sluice.local.sts;

import dev.sluice.local.core.CloudContext;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import dev.sluice.local.edge.Claim;
import dev.sluice.local.edge.EdgeService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * STS, as much of it as tools ask a local cloud: {@code GetCallerIdentity} answers for the local account (the CDK
 * toolkit and the AWS CLI ask it first), whatever the credentials, since the local cloud checks none. STS speaks the
 * Query protocol ({@code Action=GetCallerIdentity&Version=2011-06-15}, XML answers), in the AWS CLI v1 (1.45) and the
 * SDK for Java v2 (2.57) alike.
 */
public final class StsService implements EdgeService {

    static final String API_VERSION = "2011-06-15";
    static final String XML_NAMESPACE = "https://sts.amazonaws.com/doc/" + API_VERSION + "/";

    private final CloudContext context;

    public StsService(CloudContext context) {
        this.context = context;
    }

    @Override
    public List<Claim> claims() {
        return List.of(Claim.queryApi(API_VERSION, XML_NAMESPACE), Claim.signingName("sts"));
    }

    @Override
    public AwsResponse handle(AwsRequest request) {
        String action = request.queryAction();
        if (action == null) {
            throw AwsError.badRequest("MissingAction", "Missing Action");
        }
        if (!action.equals("GetCallerIdentity")) {
            throw AwsError.badRequest("InvalidAction", "Could not find operation " + action + " for version "
                    + API_VERSION + " (the local STS answers GetCallerIdentity only)");
        }
        return xml("GetCallerIdentity", "<Arn>" + context.globalArn("iam", "root") + "</Arn>"
                + "<UserId>" + context.accountId() + "</UserId>"
                + "<Account>" + context.accountId() + "</Account>");
    }

    /** An action's Query answer: {@code <ActionResponse><ActionResult>...</ActionResult><ResponseMetadata>}. */
    private static AwsResponse xml(String action, String result) {
        String requestId = UUID.randomUUID().toString();
        String body = "<" + action + "Response xmlns=\"" + XML_NAMESPACE + "\"><" + action + "Result>" + result
                + "</" + action + "Result><ResponseMetadata><RequestId>" + requestId + "</RequestId>"
                + "</ResponseMetadata></" + action + "Response>";
        return new AwsResponse(200, "text/xml", body.getBytes(StandardCharsets.UTF_8),
                Map.of("x-amzn-RequestId", requestId));
    }
}
