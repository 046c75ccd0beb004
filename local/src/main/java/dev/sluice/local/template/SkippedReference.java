package dev.sluice.local.template;

/**
 * A {@code Ref}, {@code Fn::GetAtt} or {@code Fn::Sub} variable names a resource the local cloud skipped: there is no
 * value to give (the deployer does not invent one), so what needs it is skipped or left out, and says why.
 */
final class SkippedReference extends TemplateException {

    private final String logicalId;
    private final String reason;

    SkippedReference(String where, String logicalId, String reason) {
        super(where + " refers to " + logicalId + ", which is skipped locally (" + reason + ")");
        this.logicalId = logicalId;
        this.reason = reason;
    }

    /** The skipped resource. */
    String logicalId() {
        return logicalId;
    }

    /** Why it was skipped. */
    String reason() {
        return reason;
    }

    /** {@code "<what> refers to X, which is skipped locally (why)"}. */
    String describe(String what) {
        return what + " " + because();
    }

    /** {@code "refers to X, which is skipped locally (why)"}. */
    String because() {
        return "refers to " + logicalId + ", which is skipped locally (" + reason + ")";
    }
}
