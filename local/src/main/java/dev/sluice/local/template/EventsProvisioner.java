package dev.sluice.local.template;

import dev.sluice.local.core.Arn;
import dev.sluice.local.core.CloudContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DeadLetterConfig;
import software.amazon.awssdk.services.eventbridge.model.InputTransformer;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RetryPolicy;
import software.amazon.awssdk.services.eventbridge.model.SqsParameters;
import software.amazon.awssdk.services.eventbridge.model.Target;

/** {@code AWS::Events::EventBus}, {@code AWS::Events::Rule} (with its targets) and {@code AWS::Events::Archive}. */
record EventsProvisioner(EventBridgeClient events, CloudContext context) {

    Provisioned bus(ResourceProperties props) {
        String name = props.required("Name");
        String arn = context.arn("events", "event-bus/" + name).toString();
        boolean existed = name.equals("default");
        if (!existed) {
            try {
                String created = events.createEventBus(b -> b.name(name)).eventBusArn();
                arn = created == null ? arn : created;
            } catch (ResourceAlreadyExistsException e) {
                existed = true;
            }
        }
        return Provisioned.created(existed, name, name, Map.of("Arn", arn, "Name", name));
    }

    Provisioned rule(ResourceProperties props) {
        String name = props.has("Name") ? props.string("Name") : props.generatedName(64, "");
        String bus = busName(props.string("EventBusName"));
        if (!props.has("EventPattern") && !props.has("ScheduleExpression")) {
            throw new TemplateException(props.where("EventPattern") + " is required (or ScheduleExpression)");
        }
        String state = props.has("State") ? props.string("State") : "ENABLED";
        String ruleArn = events.putRule(b -> b.name(name).eventBusName(bus)
                .eventPattern(props.json("EventPattern"))
                .scheduleExpression(props.string("ScheduleExpression"))
                .description(props.string("Description"))
                .state(state)).ruleArn();
        List<Target> targets = new ArrayList<>();
        for (ResourceProperties target : props.objects("Targets")) {
            targets.add(target(target));
        }
        if (!targets.isEmpty()) {
            PutTargetsResponse response = events.putTargets(b -> b.rule(name).eventBusName(bus).targets(targets));
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                throw new TemplateException("rule " + props.logicalId() + ": PutTargets failed: "
                        + response.failedEntries().stream().map(f -> f.targetId() + " " + f.errorCode() + " "
                        + f.errorMessage()).toList());
            }
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("Arn", ruleArn);
        String schedule = props.has("ScheduleExpression") ? props.string("ScheduleExpression") + ", " : "";
        return new Provisioned(name, name, attributes, ResourceStatus.CREATED,
                schedule + (targets.isEmpty() ? "no targets" : targets.size() + " target(s)"));
    }

    /**
     * An archive of a bus (Ref: its name; GetAtt Arn). A redeploy updates the archive in place and keeps its events;
     * the pattern and retention apply from then on, as UpdateArchive does on AWS.
     */
    Provisioned archive(ResourceProperties props) {
        String name = props.has("ArchiveName") ? props.string("ArchiveName") : props.generatedName(48, "");
        String source = props.required("SourceArn");
        String pattern = props.json("EventPattern");
        Integer retention = props.integer("RetentionDays");
        boolean existed;
        String arn;
        try {
            arn = events.describeArchive(b -> b.archiveName(name)).archiveArn();
            existed = true;
        } catch (ResourceNotFoundException e) {
            arn = null;
            existed = false;
        }
        if (existed) {
            events.updateArchive(b -> b.archiveName(name).description(props.string("Description"))
                    .eventPattern(pattern).retentionDays(retention));
        } else {
            arn = events.createArchive(b -> b.archiveName(name).eventSourceArn(source)
                    .description(props.string("Description")).eventPattern(pattern).retentionDays(retention))
                    .archiveArn();
        }
        return Provisioned.created(existed, name, name, Map.of("Arn", arn));
    }

    private static Target target(ResourceProperties t) {
        Target.Builder b = Target.builder().id(t.required("Id")).arn(t.required("Arn"))
                .roleArn(t.string("RoleArn")).input(t.string("Input")).inputPath(t.string("InputPath"));
        ResourceProperties transformer = t.object("InputTransformer");
        if (transformer != null) {
            Map<String, String> paths = new LinkedHashMap<>();
            ResourceProperties map = transformer.object("InputPathsMap");
            if (map != null) {
                map.asMap().forEach((k, v) -> paths.put(k, String.valueOf(v)));
            }
            b.inputTransformer(InputTransformer.builder().inputPathsMap(paths)
                    .inputTemplate(transformer.required("InputTemplate")).build());
        }
        ResourceProperties retry = t.object("RetryPolicy");
        if (retry != null) {
            b.retryPolicy(RetryPolicy.builder().maximumRetryAttempts(retry.integer("MaximumRetryAttempts"))
                    .maximumEventAgeInSeconds(retry.integer("MaximumEventAgeInSeconds")).build());
        }
        ResourceProperties deadLetter = t.object("DeadLetterConfig");
        if (deadLetter != null) {
            b.deadLetterConfig(DeadLetterConfig.builder().arn(deadLetter.string("Arn")).build());
        }
        ResourceProperties sqs = t.object("SqsParameters");
        if (sqs != null) {
            b.sqsParameters(SqsParameters.builder().messageGroupId(sqs.string("MessageGroupId")).build());
        }
        return b.build();
    }

    /** EventBusName may be a name or an ARN; absent means the default bus. */
    static String busName(String nameOrArn) {
        return nameOrArn == null || nameOrArn.isEmpty() ? "default" : Arn.nameOf(nameOrArn);
    }
}
