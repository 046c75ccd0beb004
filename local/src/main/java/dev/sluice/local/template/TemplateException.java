package dev.sluice.local.template;

/** A template that cannot be deployed locally; the message names the resource, property or reference at fault. */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A template value as an error message names it: nothing, an object, a list, or the value quoted. */
    public static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof java.util.Map<?, ?>) {
            return "an object";
        }
        if (value instanceof java.util.List<?>) {
            return "a list";
        }
        return "'" + value + "'";
    }
}
