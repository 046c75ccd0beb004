package dev.sluice.local.template;

import dev.sluice.local.core.Arn;
import dev.sluice.local.core.CloudContext;
import java.util.Map;

/**
 * {@code AWS::Lambda::Version} and {@code AWS::Lambda::Alias} (what SAM's AutoPublishAlias generates). The local cloud
 * runs one version of each function, {@code $LATEST}, always with the latest deployed code: a version and an alias
 * stand for it. Their ARNs keep the qualifier so that event sources, targets and permissions naming them reach the
 * function.
 */
final class FunctionVersionProvisioner {

    private final CloudContext context;

    FunctionVersionProvisioner(CloudContext context) {
        this.context = context;
    }

    Provisioned version(ResourceProperties props) {
        String function = Arn.functionName(props.required("FunctionName"));
        String functionArn = functionArn(function);
        String arn = functionArn + ":$LATEST";
        return new Provisioned(arn, arn, Map.of("Version", "$LATEST", "FunctionArn", functionArn),
                ResourceStatus.NOT_ENFORCED, "stands for $LATEST of " + function
                + " (the local cloud runs one version of each function)");
    }

    Provisioned alias(ResourceProperties props) {
        String name = props.required("Name");
        String function = Arn.functionName(props.required("FunctionName"));
        String arn = functionArn(function) + ":" + name;
        return new Provisioned(arn, arn, Map.of("AliasArn", arn), ResourceStatus.NOT_ENFORCED,
                "alias " + name + " stands for $LATEST of " + function
                + " (the local cloud runs one version of each function)");
    }

    private String functionArn(String function) {
        return context.functionArn(function);
    }
}
