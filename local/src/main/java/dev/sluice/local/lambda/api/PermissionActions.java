package dev.sluice.local.lambda.api;

import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.RequestFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.lambda.runtime.LambdaFunction;

/** AddPermission, GetPolicy and RemovePermission: the function's resource policy, kept but not enforced locally. */
final class PermissionActions {

    private PermissionActions() {
    }

    static ObjectNode addPermission(LambdaFunction function, JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        String sid = fields.requiredText("StatementId");
        String action = fields.requiredText("Action");
        String principal = fields.requiredText("Principal");
        String sourceArn = fields.text("SourceArn");
        String sourceAccount = fields.text("SourceAccount");
        fields.check();
        ObjectNode statement = Json.object().put("Sid", sid).put("Effect", "Allow");
        if (principal.endsWith(".amazonaws.com")) {
            statement.putObject("Principal").put("Service", principal);
        } else {
            statement.putObject("Principal").put("AWS", principal);
        }
        statement.put("Action", action).put("Resource", function.config().arn());
        if (sourceArn != null || sourceAccount != null) {
            ObjectNode condition = statement.putObject("Condition");
            if (sourceArn != null) {
                condition.putObject("ArnLike").put("AWS:SourceArn", sourceArn);
            }
            if (sourceAccount != null) {
                condition.putObject("StringEquals").put("AWS:SourceAccount", sourceAccount);
            }
        }
        synchronized (function) {
            if (function.policyStatements().containsKey(sid)) {
                throw new AwsError(409, "ResourceConflictException", "The statement id (" + sid
                        + ") provided already exists. Please provide a new statement id, or remove the existing statement.");
            }
            function.policyStatements().put(sid, statement);
        }
        return Json.object().put("Statement", statement.toString());
    }

    static ObjectNode policy(LambdaFunction function) {
        synchronized (function) {
            if (function.policyStatements().isEmpty()) {
                throw new AwsError(404, "ResourceNotFoundException", "The resource you requested does not exist.");
            }
            ObjectNode policy = Json.object().put("Version", "2012-10-17").put("Id", "default");
            ArrayNode statements = policy.putArray("Statement");
            function.policyStatements().values().forEach(statements::add);
            return Json.object().put("Policy", policy.toString()).put("RevisionId", function.config().revisionId());
        }
    }

    static void removePermission(LambdaFunction function, String sid) {
        synchronized (function) {
            if (function.policyStatements().remove(sid) == null) {
                throw new AwsError(404, "ResourceNotFoundException", "No policy is associated with the given resource.");
            }
        }
    }
}
