package dev.sluice.local.template;

/** What deploying one template resource did on the local cloud. */
public enum ResourceStatus {
    /** Created on the local cloud. */
    CREATED,
    /** Already there from an earlier deployment: reused or updated in place. */
    UPDATED,
    /** Accepted, but the local cloud does not enforce it (IAM, alarms, autoscaling, ...). */
    NOT_ENFORCED,
    /** Not deployed: an unsupported type, a false condition or a runtime the local cloud does not run. */
    SKIPPED;

    /** The lower-case label used in tables, e.g. "not enforced". */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
