package dev.sluice.local.events;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a target receives: the whole event, a constant Input, the InputPath selection, or an InputTransformer. */
final class TargetInput {

    private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z0-9_.\\-]+)>");

    private TargetInput() {
    }

    static String render(Target target, Rule rule, ObjectNode event, String eventJson) {
        if (target.input() != null) {
            return target.input();
        }
        if (target.inputPath() != null) {
            JsonNode selected = JsonPaths.select(event, target.inputPath());
            return selected == null ? "null" : selected.toString();
        }
        if (target.inputTransformer() != null) {
            return transform(target.inputTransformer(), rule, event, eventJson);
        }
        return eventJson;
    }

    /**
     * Substitutes {@code <name>} placeholders. In a JSON template a string value inside quotes is inserted as
     * escaped text and outside quotes as a JSON value; in a plain-text template values are inserted as text.
     */
    static String transform(Target.InputTransformer transformer, Rule rule, ObjectNode event, String eventJson) {
        Map<String, JsonNode> values = new HashMap<>();
        transformer.inputPathsMap().forEach((name, path) -> values.put(name, JsonPaths.select(event, path)));
        Map<String, String> predefined = Map.of(
                "aws.events.rule-arn", rule.arn(),
                "aws.events.rule-name", rule.name(),
                "aws.events.event.ingestion-time", event.path("time").asText(),
                "aws.events.event.json", eventJson);

        String template = transformer.inputTemplate();
        String trimmed = template.strip();
        boolean jsonTemplate = trimmed.startsWith("{") || trimmed.startsWith("[");
        StringBuilder out = new StringBuilder();
        boolean inString = false;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '<') {
                Matcher m = PLACEHOLDER.matcher(template).region(i, template.length());
                if (m.lookingAt() && (values.containsKey(m.group(1)) || predefined.containsKey(m.group(1)))) {
                    String name = m.group(1);
                    out.append(predefined.containsKey(name)
                            ? substitute(predefined.get(name), name.equals("aws.events.event.json"), jsonTemplate, inString)
                            : substitute(values.get(name), jsonTemplate, inString));
                    i = m.end();
                    continue;
                }
            }
            if (jsonTemplate && c == '"' && !escaped(template, i)) {
                inString = !inString;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String substitute(JsonNode value, boolean jsonTemplate, boolean inString) {
        if (value == null || value.isMissingNode()) {
            return jsonTemplate && !inString ? "null" : "";
        }
        String text = value.isTextual() ? value.asText() : value.toString();
        if (!jsonTemplate) {
            return text;
        }
        return inString ? escape(text) : value.toString();
    }

    private static String substitute(String text, boolean isJson, boolean jsonTemplate, boolean inString) {
        if (!jsonTemplate) {
            return text;
        }
        if (inString) {
            return escape(text);
        }
        return isJson ? text : "\"" + escape(text) + "\"";
    }

    private static String escape(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }

    private static boolean escaped(String s, int index) {
        int backslashes = 0;
        for (int j = index - 1; j >= 0 && s.charAt(j) == '\\'; j--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
