package dev.sluice.local.lambda;

/** A Lambda API error as AWS reports it: HTTP status, error type (e.g. ResourceNotFoundException) and message. */
final class LambdaException extends Exception {

    private final int status;
    private final String type;

    LambdaException(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    static LambdaException functionNotFound(String arn) {
        return new LambdaException(404, "ResourceNotFoundException", "Function not found: " + arn);
    }

    static LambdaException invalidParameter(String message) {
        return new LambdaException(400, "InvalidParameterValueException", message);
    }

    /** AWS's wording for a constraint violation on one field. */
    static LambdaException validation(String field, Object value, String constraint) {
        return new LambdaException(400, "ValidationException",
                "1 validation error detected: Value '" + value + "' at '" + field
                        + "' failed to satisfy constraint: " + constraint);
    }

    static LambdaException throttled(String reason) {
        return new LambdaException(429, "TooManyRequestsException", "Rate Exceeded. (" + reason + ")");
    }
}
