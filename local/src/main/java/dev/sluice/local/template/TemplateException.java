package dev.sluice.local.template;

/** A template that cannot be deployed locally; the message names the resource, property or reference at fault. */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
