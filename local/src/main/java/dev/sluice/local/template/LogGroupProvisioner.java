package dev.sluice.local.template;

import java.util.Map;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

/**
 * {@code AWS::Logs::LogGroup}: CreateLogGroup (a redeployment finds it), named by {@code LogGroupName} or, like
 * CloudFormation, after the stack and logical id. {@code RetentionInDays} is recorded (PutRetentionPolicy) but not
 * enforced: the local cloud bounds each group by size instead; KMS keys, tags, data protection and the log group
 * class are not emulated.
 */
record LogGroupProvisioner(CloudWatchLogsClient logs) {

    Provisioned logGroup(ResourceProperties props) {
        String name = props.has("LogGroupName") ? props.string("LogGroupName") : props.generatedName(512, "");
        boolean existed = false;
        try {
            logs.createLogGroup(r -> r.logGroupName(name));
        } catch (ResourceAlreadyExistsException e) {
            existed = true;
        }
        Integer retention = props.integer("RetentionInDays");
        if (retention != null) {
            logs.putRetentionPolicy(r -> r.logGroupName(name).retentionInDays(retention));
        }
        String arn = logs.describeLogGroups(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(group -> group.logGroupName().equals(name)).findFirst()
                .orElseThrow(() -> new TemplateException("log group " + name + " was created but is not listed"))
                .arn();
        Provisioned created = Provisioned.created(existed, name, name, Map.of("Arn", arn));
        return retention == null ? created : new Provisioned(created.physicalId(), created.ref(), created.attributes(),
                created.status(), (created.detail().isEmpty() ? "" : created.detail() + "; ") + "RetentionInDays "
                + retention + " recorded, not enforced");
    }
}
