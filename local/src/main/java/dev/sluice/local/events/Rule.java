package dev.sluice.local.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rule as stored: immutable, replaced as a whole on every change. Targets keep PutTargets order. A rule has an
 * event pattern, a schedule (default bus only), or both; {@code schedule} is null for a pattern-only rule.
 */
record Rule(String name, String busName, String arn, String eventPattern, ScheduleExpression schedule,
            String description, String roleArn, boolean enabled, Map<String, Target> targets) {

    static final int MAX_TARGETS = 5;

    Rule withTargets(Map<String, Target> newTargets) {
        return new Rule(name, busName, arn, eventPattern, schedule, description, roleArn, enabled,
                Collections.unmodifiableMap(new LinkedHashMap<>(newTargets)));
    }

    Rule withEnabled(boolean state) {
        return new Rule(name, busName, arn, eventPattern, schedule, description, roleArn, state, targets);
    }

    String state() {
        return enabled ? "ENABLED" : "DISABLED";
    }
}
