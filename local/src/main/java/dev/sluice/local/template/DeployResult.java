package dev.sluice.local.template;

import java.util.List;
import java.util.Map;

/**
 * The outcome of deploying one stack.
 *
 * @param stackName the stack's name ({@code AWS::StackName})
 * @param resources every resource of the template, in deployment order
 * @param outputs   the stack's outputs by output name, values as strings (lists joined with commas)
 */
public record DeployResult(String stackName, List<DeployedResource> resources, Map<String, String> outputs) {

    public DeployResult {
        resources = List.copyOf(resources);
        outputs = Map.copyOf(outputs);
    }

    /** The resources with the given status. */
    public List<DeployedResource> withStatus(ResourceStatus status) {
        return resources.stream().filter(r -> r.status() == status).toList();
    }

    /** The resource with this logical id; throws if the template has none. */
    public DeployedResource resource(String logicalId) {
        return resources.stream().filter(r -> r.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("stack " + stackName + " has no resource " + logicalId));
    }
}
