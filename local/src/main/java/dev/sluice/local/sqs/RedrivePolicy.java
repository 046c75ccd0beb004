package dev.sluice.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Arn;
import dev.sluice.local.core.Json;
import java.io.IOException;

/** A queue's {@code RedrivePolicy} attribute ({@code {"deadLetterTargetArn": ..., "maxReceiveCount": ...}}), read. */
public final class RedrivePolicy {

    private RedrivePolicy() {
    }

    /** The name of the dead-letter queue {@code redrivePolicy} names, or null (none, or unreadable). */
    public static String deadLetterQueue(String redrivePolicy) {
        if (redrivePolicy == null || redrivePolicy.isBlank()) {
            return null;
        }
        try {
            JsonNode arn = Json.MAPPER.readTree(redrivePolicy).path("deadLetterTargetArn");
            return arn.isTextual() ? Arn.nameOf(arn.asText()) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
