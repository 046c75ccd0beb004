package dev.sluice.local.events;

import dev.sluice.local.edge.AwsError;
import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.Machine;

import java.util.List;

/** Validates and evaluates event patterns with AWS's own event-ruler. */
final class EventPatterns {

    static final int MAX_LENGTH = 2048;

    private EventPatterns() {
    }

    /** Throws InvalidEventPattern with event-ruler's reason when the pattern does not compile. */
    static void check(String pattern) {
        if (pattern.length() > MAX_LENGTH) {
            throw AwsError.badRequest("InvalidEventPatternException", "Event pattern is " + pattern.length()
                    + " characters, over the limit of " + MAX_LENGTH + ".");
        }
        String reason = JsonRuleCompiler.check(pattern);
        if (reason != null) {
            throw AwsError.badRequest("InvalidEventPatternException", "Event pattern is not valid. Reason: " + reason);
        }
    }

    /** True when {@code eventJson} matches {@code pattern} (both already validated). */
    static boolean matches(String pattern, String eventJson) {
        check(pattern);
        Machine machine = Machine.builder().build();
        try {
            machine.addRule("pattern", pattern);
            List<String> matched = machine.rulesForJSONEvent(eventJson);
            return !matched.isEmpty();
        } catch (Exception e) {
            throw AwsError.validation("Parameter Event is not valid: " + e.getMessage());
        }
    }
}
