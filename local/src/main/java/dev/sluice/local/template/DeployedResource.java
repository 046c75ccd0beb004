package dev.sluice.local.template;

import java.util.Map;

/**
 * One template resource after deployment.
 *
 * @param logicalId  the template's key
 * @param type       e.g. {@code AWS::SQS::Queue}
 * @param physicalId queue URL, function name, mapping UUID, ...; the logical id when nothing was created
 * @param status     what happened
 * @param detail     why it was skipped or not enforced; empty otherwise
 * @param metadata   the resource's {@code Metadata} section as written in the template (empty when absent), kept
 *                   so that later stages (the autoscaler) can read settings attached to event source mappings
 */
public record DeployedResource(String logicalId, String type, String physicalId, ResourceStatus status, String detail,
                               Map<String, Object> metadata) {

    public DeployedResource {
        detail = detail == null ? "" : detail;
        metadata = metadata == null ? Map.of() : metadata;
    }
}
