package dev.sluice.local.template.sam;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The logical ids SAM derives from data ({@code <Function>Version<hash>}): the first 10 hex digits of the SHA-1 of
 * the data serialised as Python's {@code json.dumps(data, separators=(",", ":"), sort_keys=True)} writes it
 * (aws-sam-translator's {@code LogicalIdGenerator}), so that a template gets the same ids here as on AWS.
 */
final class LogicalIds {

    static final int HASH_LENGTH = 10;
    /** AWS::Events::Rule target ids are at most 64 characters. */
    static final int TARGET_ID_MAX_LENGTH = 64;

    private LogicalIds() {
    }

    /** {@code prefix} plus the hash of {@code data}; a given {@code precomputedHash} is used instead when present. */
    static String generate(String prefix, Object data, String precomputedHash) {
        if (precomputedHash != null) {
            return prefix + precomputedHash.substring(0, Math.min(HASH_LENGTH, precomputedHash.length()));
        }
        if (data == null || data instanceof Map<?, ?> m && m.isEmpty() || data instanceof String s && s.isEmpty()) {
            return prefix;
        }
        String text = data instanceof String s ? s : pythonJson(data);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An EventBridge target id: {@code logicalId + suffix}, the logical id shortened to stay within 64 characters. */
    static String targetId(String logicalId, String suffix) {
        if (logicalId.length() + suffix.length() <= TARGET_ID_MAX_LENGTH) {
            return logicalId + suffix;
        }
        return logicalId.substring(0, TARGET_ID_MAX_LENGTH - suffix.length()) + suffix;
    }

    /** Python's compact, key-sorted, ASCII-only JSON. */
    static String pythonJson(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> entry : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(entry.getKey(), out);
                out.append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Double || value instanceof Float) {
            out.append(pythonFloat(((Number) value).doubleValue()));
        } else if (value instanceof Number n) {
            out.append(n);
        } else {
            string(String.valueOf(value), out);
        }
    }

    /** Python's {@code repr(float)}: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
    private static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        double magnitude = Math.abs(d);
        if (d != 0 && (magnitude < 1e-4 || magnitude >= 1e16)) {
            String java = Double.toString(d); // e.g. 1.0E-5
            String mantissa = java.substring(0, java.indexOf('E')).replaceFirst("\\.0$", "");
            int exponent = Integer.parseInt(java.substring(java.indexOf('E') + 1));
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = new BigDecimal(Double.toString(d)).toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
