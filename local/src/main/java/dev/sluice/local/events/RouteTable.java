package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.event.ruler.Machine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of one bus's enabled rules, compiled into an event-ruler {@link Machine}. The bus
 * builds a new table on every rule or target change and swaps it in, so PutEvents matches without locks.
 */
final class RouteTable {

    static final RouteTable EMPTY = new RouteTable(Machine.builder().build(), Map.of());

    private final Machine machine;
    private final Map<String, Rule> rules;

    private RouteTable(Machine machine, Map<String, Rule> rules) {
        this.machine = machine;
        this.rules = rules;
    }

    static RouteTable of(Collection<Rule> all) {
        Machine machine = Machine.builder().build();
        Map<String, Rule> enabled = new LinkedHashMap<>();
        for (Rule rule : all) {
            if (!rule.enabled() || rule.eventPattern() == null) {
                continue;
            }
            try {
                machine.addRule(rule.name(), rule.eventPattern());
            } catch (Exception e) {
                // Patterns are checked by PutRule; one that still fails here is a bug, not user input.
                throw new IllegalStateException("Rule " + rule.name() + " has an uncompilable pattern", e);
            }
            enabled.put(rule.name(), rule);
        }
        return new RouteTable(machine, Map.copyOf(enabled));
    }

    /** The enabled rules whose pattern matches the event envelope (the tree PutEvents built: no second parse). */
    List<Rule> match(JsonNode envelope) {
        if (rules.isEmpty()) {
            return List.of();
        }
        List<String> names = machine.rulesForJSONEvent(envelope);
        List<Rule> matched = new ArrayList<>();
        for (String name : new java.util.LinkedHashSet<>(names)) {
            Rule rule = rules.get(name);
            if (rule != null) {
                matched.add(rule);
            }
        }
        return matched;
    }
}
