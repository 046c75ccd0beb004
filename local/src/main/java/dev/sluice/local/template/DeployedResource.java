package dev.sluice.local.template;

import java.util.List;
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
 * @param ignored    properties the template sets that the local cloud does not emulate (TracingConfig, SnapStart,
 *                   KmsMasterKeyId, ...), in template order; empty when there are none
 */
public record DeployedResource(String logicalId, String type, String physicalId, ResourceStatus status, String detail,
                               Map<String, Object> metadata, List<String> ignored) {

    public DeployedResource {
        detail = detail == null ? "" : detail;
        metadata = metadata == null ? Map.of() : metadata;
        ignored = ignored == null ? List.of() : List.copyOf(ignored);
    }

    public DeployedResource(String logicalId, String type, String physicalId, ResourceStatus status, String detail,
                            Map<String, Object> metadata) {
        this(logicalId, type, physicalId, status, detail, metadata, List.of());
    }

    /** {@code "ignored locally: TracingConfig, SnapStart"}, or empty when every property set is emulated. */
    public String ignoredNote() {
        return ignored.isEmpty() ? "" : "ignored locally: " + String.join(", ", ignored);
    }
}
