package dev.sluice.local.template;

import dev.sluice.local.core.CloudContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Which resource types the deployer makes, as data: a provisioner per type, the types accepted without being acted on
 * ({@link #NOT_ENFORCED}), and every other type skipped with a warning. A new resource type is one line in
 * {@link #Provisioners} (docs/ARCHITECTURE.md, "Where to add").
 */
final class Provisioners {

    /** Makes one resource in the local cloud. */
    @FunctionalInterface
    interface Provisioner {
        /**
         * @param props       the resolved Properties
         * @param metadata    the resource's Metadata (e.g. {@code aws:asset:path})
         * @param templateDir the template's folder, which anchors relative paths
         */
        Provisioned provision(ResourceProperties props, Map<String, Object> metadata, Path templateDir);
    }

    /**
     * Types accepted without acting on them (a trailing {@code *} covers a namespace): the local cloud checks no IAM,
     * keeps no policies and raises no alarms.
     */
    static final List<String> NOT_ENFORCED = List.of("AWS::IAM::*", "AWS::ApplicationAutoScaling::*",
            "AWS::SQS::QueuePolicy", "AWS::CloudWatch::Alarm", "AWS::CDK::Metadata");

    private final Map<String, Provisioner> byType = new LinkedHashMap<>();
    private final CloudContext context;

    Provisioners(ServiceClients clients, CloudContext context, Consumer<String> log) {
        this.context = context;
        QueueProvisioner queues = new QueueProvisioner(clients.sqs());
        EventsProvisioner buses = new EventsProvisioner(clients.events(), context);
        FunctionProvisioner functions = new FunctionProvisioner(clients.lambda(), clients.sqs(), context, log);
        byType.put("AWS::SQS::Queue", (props, metadata, dir) -> queues.queue(props));
        byType.put("AWS::Events::EventBus", (props, metadata, dir) -> buses.bus(props));
        byType.put("AWS::Events::Rule", (props, metadata, dir) -> buses.rule(props));
        byType.put("AWS::Events::Archive", (props, metadata, dir) -> buses.archive(props));
        byType.put("AWS::Lambda::Function", functions::function);
        byType.put("AWS::Lambda::EventSourceMapping", (props, metadata, dir) -> functions.eventSourceMapping(props));
        byType.put("AWS::Lambda::Permission", (props, metadata, dir) -> functions.permission(props));
        byType.put("AWS::Lambda::EventInvokeConfig", (props, metadata, dir) -> functions.eventInvokeConfig(props));
        FunctionVersionProvisioner versions = new FunctionVersionProvisioner(context);
        byType.put("AWS::Lambda::Version", (props, metadata, dir) -> versions.version(props));
        byType.put("AWS::Lambda::Alias", (props, metadata, dir) -> versions.alias(props));
        byType.put("AWS::IAM::Role", (props, metadata, dir) -> role(props)); // not enforced, but its Arn is used
        LogGroupProvisioner logGroups = new LogGroupProvisioner(clients.logs());
        byType.put("AWS::Logs::LogGroup", (props, metadata, dir) -> logGroups.logGroup(props));
    }

    Provisioned provision(String type, ResourceProperties props, Map<String, Object> metadata, Path templateDir) {
        Provisioner provisioner = byType.get(type);
        if (provisioner != null) {
            return provisioner.provision(props, metadata, templateDir);
        }
        String id = props.logicalId();
        if (notEnforced(type)) {
            return new Provisioned(id, id, Map.of(), ResourceStatus.NOT_ENFORCED, "not enforced locally");
        }
        return new Provisioned(id, id, Map.of(), ResourceStatus.SKIPPED, "type " + type + " is not supported locally");
    }

    static boolean notEnforced(String type) {
        return NOT_ENFORCED.stream().anyMatch(accepted -> accepted.endsWith("*")
                ? type.startsWith(accepted.substring(0, accepted.length() - 1)) : type.equals(accepted));
    }

    /** A role is not enforced either, but functions and templates refer to its ARN. */
    private Provisioned role(ResourceProperties props) {
        String name = props.has("RoleName") ? props.string("RoleName") : props.logicalId();
        return new Provisioned(name, name, Map.of("Arn", context.globalArn("iam", "role/" + name).toString(),
                "RoleId", name), ResourceStatus.NOT_ENFORCED, "not enforced locally");
    }
}
