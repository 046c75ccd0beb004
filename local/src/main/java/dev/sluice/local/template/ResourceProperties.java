package dev.sluice.local.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.local.core.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The resolved properties of one resource, read with type checks whose errors name the resource and property.
 */
record ResourceProperties(String stackName, String logicalId, Map<String, Object> values) {

    boolean has(String name) {
        return values.get(name) != null;
    }

    Object raw(String name) {
        return values.get(name);
    }

    String string(String name) {
        Object value = values.get(name);
        return value == null ? null : IntrinsicResolver.text(value, where(name));
    }

    String required(String name) {
        String value = string(name);
        if (value == null || value.isEmpty()) {
            throw new TemplateException(where(name) + " is required");
        }
        return value;
    }

    Integer integer(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        try {
            return value instanceof Number n ? n.intValue() : Integer.valueOf(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new TemplateException(where(name) + " must be a whole number, got '" + value + "'");
        }
    }

    Boolean bool(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value);
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new TemplateException(where(name) + " must be true or false, got '" + value + "'");
    }

    ResourceProperties object(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        return new ResourceProperties(stackName, logicalId + "." + name, StackScope.asMap(value, where(name)));
    }

    List<ResourceProperties> objects(String name) {
        return list(name).stream().map(item -> new ResourceProperties(stackName, logicalId + "." + name,
                StackScope.asMap(item, where(name) + "[]"))).toList();
    }

    List<String> strings(String name) {
        return list(name).stream().map(item -> IntrinsicResolver.text(item, where(name))).toList();
    }

    /** A list property (absent: empty). */
    private List<?> list(String name) {
        Object value = values.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new TemplateException(where(name) + " must be a list, got " + TemplateException.describe(value));
        }
        return list;
    }

    /** A string property as is, or an object property serialised to JSON (EventPattern, RedrivePolicy, ...). */
    String json(String name) {
        Object value = values.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new TemplateException(where(name) + " cannot be serialised to JSON: " + e.getOriginalMessage());
        }
    }

    Map<String, Object> asMap() {
        return values;
    }

    String where(String name) {
        return "resource " + logicalId + " property " + name;
    }

    /**
     * A name for a resource whose template gives none: {@code <stack>-<logicalId>-<suffix>}, like CloudFormation's,
     * but with a suffix derived from stack and logical id so that a redeployment finds the same resource.
     */
    String generatedName(int maxLength, String ending) {
        String suffix = hash(stackName + "/" + logicalId);
        String base = (stackName + "-" + logicalId).replaceAll("[^A-Za-z0-9_-]", "-");
        int room = maxLength - suffix.length() - 1 - ending.length();
        if (base.length() > room) {
            base = base.substring(0, room);
        }
        return base + "-" + suffix + ending;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
