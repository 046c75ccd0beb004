package dev.sluice.local.template;

import java.util.Map;

/**
 * What a provisioner made of one resource.
 *
 * @param physicalId what the table shows (queue URL, function name, mapping UUID, ...)
 * @param ref        the value of {@code Ref} on the resource
 * @param attributes the values of {@code Fn::GetAtt} on the resource
 */
record Provisioned(String physicalId, Object ref, Map<String, Object> attributes, ResourceStatus status,
                   String detail) {

    static Provisioned created(boolean existed, String physicalId, Object ref, Map<String, Object> attributes) {
        return new Provisioned(physicalId, ref, attributes, existed ? ResourceStatus.UPDATED : ResourceStatus.CREATED,
                existed ? "already existed: updated" : "");
    }
}
