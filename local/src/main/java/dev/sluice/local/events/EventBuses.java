package dev.sluice.local.events;

import dev.sluice.local.core.Arn;
import dev.sluice.local.core.CloudContext;
import dev.sluice.local.edge.AwsError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All buses, rules, targets and tags of one account and region. Changes are serialised on this object;
 * each change rebuilds the bus's {@link RouteTable}, which PutEvents reads without locking.
 */
final class EventBuses {

    static final String DEFAULT_BUS = "default";

    /** One bus: its rules by name, and the compiled routes of the enabled ones. */
    static final class Bus {
        final String name;
        final String arn;
        final Instant created;
        final Map<String, Rule> rules = new TreeMap<>();
        volatile RouteTable routes = RouteTable.EMPTY;

        Bus(String name, String arn, Instant created) {
            this.name = name;
            this.arn = arn;
            this.created = created;
        }
    }

    private final CloudContext context;
    private final Map<String, Bus> buses = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();

    EventBuses(CloudContext context, Instant now) {
        this.context = context;
        buses.put(DEFAULT_BUS, new Bus(DEFAULT_BUS, busArn(DEFAULT_BUS), now));
    }

    String busArn(String name) {
        return context.arn("events", "event-bus/" + name).toString();
    }

    String ruleArn(String busName, String ruleName) {
        String path = DEFAULT_BUS.equals(busName) ? ruleName : busName + "/" + ruleName;
        return context.arn("events", "rule/" + path).toString();
    }

    /** A bus name from a request's EventBusName, which may be a name, an ARN or absent (the default bus). */
    static String busName(String nameOrArn) {
        return nameOrArn == null || nameOrArn.isEmpty() ? DEFAULT_BUS : Arn.nameOf(nameOrArn);
    }

    synchronized Bus createBus(String name, Instant now) {
        if (buses.containsKey(name)) {
            throw AwsError.badRequest("ResourceAlreadyExistsException", "Event bus " + name + " already exists.");
        }
        Bus bus = new Bus(name, busArn(name), now);
        buses.put(name, bus);
        return bus;
    }

    synchronized void deleteBus(String name) {
        if (DEFAULT_BUS.equals(name)) {
            throw AwsError.validation("Cannot delete event bus default.");
        }
        Bus bus = buses.get(name);
        if (bus == null) {
            return; // AWS: deleting a bus that does not exist succeeds
        }
        if (!bus.rules.isEmpty()) {
            throw AwsError.validation("Event bus " + name + " still has " + bus.rules.size()
                    + " rule(s); delete them first.");
        }
        buses.remove(name);
        tags.remove(bus.arn);
    }

    Bus bus(String name) {
        Bus bus = buses.get(name);
        if (bus == null) {
            throw AwsError.badRequest("ResourceNotFoundException", "Event bus " + name + " does not exist.");
        }
        return bus;
    }

    /** The bus, or null: PutEvents reports an unknown bus per entry rather than failing the request. */
    Bus findBus(String name) {
        return buses.get(name);
    }

    List<Bus> buses(String prefix) {
        return buses.values().stream()
                .filter(b -> prefix == null || b.name.startsWith(prefix))
                .sorted((a, b) -> a.name.compareTo(b.name))
                .toList();
    }

    /** Creates or replaces a rule; an existing rule keeps its targets. */
    synchronized Rule putRule(String busName, String name, String pattern, ScheduleExpression schedule,
                              String description, String roleArn, boolean enabled) {
        Bus bus = bus(busName);
        Rule existing = bus.rules.get(name);
        Rule rule = new Rule(name, busName, ruleArn(busName, name), pattern, schedule, description, roleArn, enabled,
                existing == null ? Map.of() : existing.targets());
        bus.rules.put(name, rule);
        bus.routes = RouteTable.of(bus.rules.values());
        return rule;
    }

    synchronized Rule rule(String busName, String name) {
        Rule rule = bus(busName).rules.get(name);
        if (rule == null) {
            throw AwsError.badRequest("ResourceNotFoundException", "Rule " + name + " does not exist on EventBus "
                    + busName + ".");
        }
        return rule;
    }

    synchronized List<Rule> rules(String busName, String prefix) {
        return bus(busName).rules.values().stream()
                .filter(r -> prefix == null || r.name().startsWith(prefix))
                .toList();
    }

    /** The rules with a schedule, enabled or not (only the default bus has them). */
    synchronized List<Rule> scheduledRules() {
        return bus(DEFAULT_BUS).rules.values().stream().filter(r -> r.schedule() != null).toList();
    }

    synchronized List<Rule> rulesTargeting(String busName, String targetArn) {
        return bus(busName).rules.values().stream()
                .filter(r -> r.targets().values().stream().anyMatch(t -> t.arn().equals(targetArn)))
                .toList();
    }

    synchronized void deleteRule(String busName, String name) {
        Bus bus = bus(busName);
        Rule rule = bus.rules.get(name);
        if (rule == null) {
            return; // AWS: deleting a missing rule succeeds
        }
        if (!rule.targets().isEmpty()) {
            throw AwsError.validation("Rule can't be deleted since it has targets.");
        }
        bus.rules.remove(name);
        tags.remove(rule.arn());
        bus.routes = RouteTable.of(bus.rules.values());
    }

    synchronized void setEnabled(String busName, String name, boolean enabled) {
        Rule rule = rule(busName, name);
        replace(rule.withEnabled(enabled));
    }

    /**
     * Adds or replaces targets by id. Returns a failure message per target id that was refused (rule already at
     * its {@value Rule#MAX_TARGETS}-target limit).
     */
    synchronized Map<String, String> putTargets(String busName, String ruleName, List<Target> targets)
            {
        Rule rule = rule(busName, ruleName);
        Map<String, Target> all = new LinkedHashMap<>(rule.targets());
        Map<String, String> refused = new LinkedHashMap<>();
        for (Target target : targets) {
            if (!all.containsKey(target.id()) && all.size() >= Rule.MAX_TARGETS) {
                refused.put(target.id(), "The requested resource exceeds the maximum number allowed: a rule has at most "
                        + Rule.MAX_TARGETS + " targets.");
                continue;
            }
            all.put(target.id(), target);
        }
        replace(rule.withTargets(all));
        return refused;
    }

    /** Removes targets by id; returns the ids that were not on the rule. */
    synchronized List<String> removeTargets(String busName, String ruleName, List<String> ids) {
        Rule rule = rule(busName, ruleName);
        Map<String, Target> all = new LinkedHashMap<>(rule.targets());
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            if (all.remove(id) == null) {
                missing.add(id);
            }
        }
        replace(rule.withTargets(all));
        return missing;
    }

    private void replace(Rule rule) {
        Bus bus = bus(rule.busName());
        bus.rules.put(rule.name(), rule);
        bus.routes = RouteTable.of(bus.rules.values());
    }

    synchronized void tag(String arn, Map<String, String> newTags) {
        requireTaggable(arn);
        tags.computeIfAbsent(arn, a -> new TreeMap<>()).putAll(newTags);
    }

    synchronized void untag(String arn, List<String> keys) {
        requireTaggable(arn);
        Map<String, String> current = tags.get(arn);
        if (current != null) {
            keys.forEach(current::remove);
        }
    }

    synchronized Map<String, String> tags(String arn) {
        requireTaggable(arn);
        return Map.copyOf(tags.getOrDefault(arn, Map.of()));
    }

    /** Every bus (but the default one's existence), rule, target and tag as one JSON document, for the state. */
    synchronized com.fasterxml.jackson.databind.node.ObjectNode snapshot() {
        var doc = dev.sluice.local.core.Json.object();
        var all = doc.putArray("buses");
        for (Bus bus : buses(null)) {
            var b = all.addObject().put("name", bus.name).put("created", bus.created.toString());
            var rules = b.putArray("rules");
            for (Rule rule : bus.rules.values()) {
                var r = rules.addObject().put("name", rule.name()).put("eventPattern", rule.eventPattern())
                        .put("scheduleExpression", rule.schedule() == null ? null : rule.schedule().text())
                        .put("description", rule.description()).put("roleArn", rule.roleArn())
                        .put("enabled", rule.enabled());
                var targets = r.putArray("targets");
                rule.targets().values().forEach(t -> targets.add(t.json()));
            }
        }
        var allTags = doc.putObject("tags");
        new TreeMap<>(tags).forEach((arn, values) -> {
            var t = allTags.putObject(arn);
            new TreeMap<>(values).forEach(t::put);
        });
        return doc;
    }

    /** Puts back the buses, rules, targets and tags of a {@link #snapshot()}; returns how many rules came back. */
    synchronized int restore(com.fasterxml.jackson.databind.JsonNode doc,
                             com.fasterxml.jackson.databind.ObjectMapper json) {
        int rules = 0;
        for (var b : doc.path("buses")) {
            String name = b.path("name").asText();
            if (!buses.containsKey(name)) {
                createBus(name, Instant.parse(b.path("created").asText()));
            }
            for (var r : b.path("rules")) {
                String schedule = r.path("scheduleExpression").asText(null);
                putRule(name, r.path("name").asText(), r.path("eventPattern").asText(null),
                        schedule == null ? null : ScheduleExpression.parse(schedule),
                        r.path("description").asText(null), r.path("roleArn").asText(null),
                        r.path("enabled").asBoolean(true));
                List<Target> targets = new ArrayList<>();
                for (var t : r.path("targets")) {
                    var fields = dev.sluice.local.edge.RequestFields.of(t);
                    Target target = Target.parse(fields, json);
                    if (target != null) {
                        targets.add(target);
                    }
                }
                putTargets(name, r.path("name").asText(), targets);
                rules++;
            }
        }
        doc.path("tags").properties().forEach(e -> {
            Map<String, String> values = new TreeMap<>();
            e.getValue().properties().forEach(v -> values.put(v.getKey(), v.getValue().asText()));
            tags.put(e.getKey(), values);
        });
        return rules;
    }

    private void requireTaggable(String arn) {
        for (Bus bus : buses.values()) {
            if (bus.arn.equals(arn) || bus.rules.values().stream().anyMatch(r -> r.arn().equals(arn))) {
                return;
            }
        }
        throw AwsError.badRequest("ResourceNotFoundException", "Resource " + arn + " does not exist.");
    }
}
