package dev.sluice.local.edge;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one way a service refuses a request: an HTTP status, AWS's error code (e.g. {@code ResourceNotFoundException})
 * and a message. Services throw it; the edge alone writes it, in the request's protocol ({@link Protocol}), as
 * ElasticMQ's SQSException and LocalStack's CommonServiceException do. Carries no stack trace: it is an answer, not a
 * fault.
 */
public final class AwsError extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> fields;
    private final Map<String, String> headers;

    /**
     * @param status  the HTTP status, 4xx for the caller's fault, 5xx for the service's
     * @param code    AWS's error code as clients match it
     * @param message one line naming the problem
     */
    public AwsError(int status, String code, String message) {
        this(status, code, message, Map.of(), Map.of());
    }

    private AwsError(int status, String code, String message, Map<String, String> fields, Map<String, String> headers) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error's status is 4xx or 5xx (given " + status + ")");
        }
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.fields = Map.copyOf(fields);
        this.headers = Map.copyOf(headers);
    }

    /** A 400 with {@code code}. */
    public static AwsError badRequest(String code, String message) {
        return new AwsError(400, code, message);
    }

    /** A 400 {@code ValidationException}. */
    public static AwsError validation(String message) {
        return badRequest("ValidationException", message);
    }

    /** A 400 {@code InvalidParameterValueException}: a request that makes no sense as a whole (Lambda, SNS, ...). */
    public static AwsError invalidParameterValue(String message) {
        return badRequest("InvalidParameterValueException", message);
    }

    /** This error with one more member in its JSON body (e.g. Lambda's {@code Reason}). */
    public AwsError withField(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(fields);
        more.put(name, value);
        return new AwsError(status, code, getMessage(), more, headers);
    }

    /** This error with a response header (e.g. {@code Allow}, {@code Connection: close}). */
    public AwsError withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new AwsError(status, code, getMessage(), fields, more);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Members added to the JSON body besides code and message. */
    public Map<String, String> fields() {
        return fields;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** True for the caller's fault (4xx); AWS reports it as {@code Sender} / {@code User}. */
    public boolean senderFault() {
        return status < 500;
    }
}
