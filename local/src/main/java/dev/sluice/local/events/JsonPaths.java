package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of JSONPath that EventBridge targets use in practice: {@code $}, dotted fields and array
 * indexes ({@code $.detail.items[0].sku}). Filters and wildcards are not supported.
 */
final class JsonPaths {

    private static final Pattern PATH = Pattern.compile("\\$(\\.[^.\\[\\]]+(\\[\\d+])*)*");
    private static final Pattern STEP = Pattern.compile("\\.([^.\\[\\]]+)|\\[(\\d+)]");

    private JsonPaths() {
    }

    static boolean isValid(String path) {
        return PATH.matcher(path).matches();
    }

    /** The node at {@code path}, or null when any step is missing. */
    static JsonNode select(JsonNode root, String path) {
        JsonNode node = root;
        Matcher step = STEP.matcher(path);
        step.region(1, path.length());
        while (node != null && step.find()) {
            node = step.group(1) != null ? node.get(step.group(1)) : node.get(Integer.parseInt(step.group(2)));
        }
        return node;
    }
}
