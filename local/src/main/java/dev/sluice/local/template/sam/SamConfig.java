package dev.sluice.local.template.sam;

import dev.sluice.local.template.TemplateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a SAM CLI {@code samconfig.toml} a local deployment uses: {@code stack_name} and
 * {@code parameter_overrides} of the {@code default} environment, from {@code [default.global.parameters]} overridden
 * by {@code [default.deploy.parameters]}, as {@code sam deploy} reads them. Parsed with a reader for the TOML that
 * SAM CLI writes: tables, {@code key = value} with strings (basic, literal, multi-line), numbers, booleans and
 * arrays.
 */
final class SamConfig {

    static final String FILE = "samconfig.toml";
    private static final List<String> TABLES = List.of("default.global.parameters", "default.deploy.parameters");

    private final Map<String, Object> settings;

    private SamConfig(Map<String, Object> settings) {
        this.settings = settings;
    }

    /** @param where the file's name, for error messages */
    static SamConfig parse(String text, String where) {
        Map<String, Map<String, Object>> tables = new Toml(text, where).parse();
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String table : TABLES) {
            settings.putAll(tables.getOrDefault(table, Map.of()));
        }
        return new SamConfig(settings);
    }

    String stackName() {
        Object name = settings.get("stack_name");
        return name instanceof String s && !s.isBlank() ? s : null;
    }

    /**
     * {@code parameter_overrides}: a string of {@code Key=Value} pairs separated by spaces (values may be quoted, and
     * {@code ParameterKey=K,ParameterValue=V} is accepted), or an array of such strings.
     */
    Map<String, String> parameterOverrides() {
        Object value = settings.get("parameter_overrides");
        List<String> tokens = new ArrayList<>();
        if (value instanceof String s) {
            tokens.addAll(tokens(s));
        } else if (value instanceof List<?> list) {
            list.forEach(item -> tokens.addAll(tokens(String.valueOf(item))));
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String token : tokens) {
            if (token.startsWith("ParameterKey=")) {
                int comma = token.indexOf(",ParameterValue=");
                if (comma < 0) {
                    throw new TemplateException(FILE + ": parameter_overrides entry '" + token + "' has no"
                            + " ParameterValue");
                }
                overrides.put(token.substring("ParameterKey=".length(), comma),
                        unquote(token.substring(comma + ",ParameterValue=".length())));
                continue;
            }
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new TemplateException(FILE + ": parameter_overrides entry '" + token + "' is not Key=Value");
            }
            overrides.put(token.substring(0, eq), unquote(token.substring(eq + 1)));
        }
        return overrides;
    }

    /** Splits on whitespace outside quotes, keeping the quotes (they are removed per value). */
    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    current.append(c).append(quote);
                    i++;
                    continue;
                }
                if (c == quote) {
                    quote = 0;
                }
                current.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                current.append(c);
            } else if (Character.isWhitespace(c)) {
                if (!current.isEmpty()) {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            char quote = value.charAt(0);
            return value.substring(1, value.length() - 1).replace("\\" + quote, String.valueOf(quote));
        }
        return value;
    }

    /** A reader for the TOML subset SAM CLI writes. */
    private static final class Toml {
        private final String text;
        private final String where;
        private int pos;
        private int line = 1;

        Toml(String text, String where) {
            this.text = text;
            this.where = where;
        }

        Map<String, Map<String, Object>> parse() {
            Map<String, Map<String, Object>> tables = new LinkedHashMap<>();
            Map<String, Object> current = tables.computeIfAbsent("", k -> new LinkedHashMap<>());
            while (true) {
                skipBlank();
                if (pos >= text.length()) {
                    return tables;
                }
                char c = text.charAt(pos);
                if (c == '[') {
                    int end = text.indexOf(']', pos);
                    if (end < 0 || text.startsWith("[[", pos)) {
                        throw error("unsupported or unterminated table header");
                    }
                    String name = text.substring(pos + 1, end).strip().replace("\"", "");
                    pos = end + 1;
                    current = tables.computeIfAbsent(name, k -> new LinkedHashMap<>());
                } else {
                    String key = key();
                    skipSpaces();
                    if (pos >= text.length() || text.charAt(pos) != '=') {
                        throw error("expected '=' after " + key);
                    }
                    pos++;
                    skipSpaces();
                    current.put(key, value());
                }
                skipSpaces();
                if (pos < text.length() && text.charAt(pos) == '#') {
                    skipComment();
                }
                if (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                    throw error("unexpected '" + text.charAt(pos) + "'");
                }
            }
        }

        private String key() {
            char c = text.charAt(pos);
            if (c == '"' || c == '\'') {
                return (String) value();
            }
            int start = pos;
            while (pos < text.length()
                    && (Character.isLetterOrDigit(text.charAt(pos)) || "_-.".indexOf(text.charAt(pos)) >= 0)) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a key");
            }
            return text.substring(start, pos);
        }

        private Object value() {
            if (pos >= text.length()) {
                throw error("expected a value");
            }
            if (text.startsWith("\"\"\"", pos)) {
                return multiline("\"\"\"", true);
            }
            if (text.startsWith("'''", pos)) {
                return multiline("'''", false);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                return basicString();
            }
            if (c == '\'') {
                int end = text.indexOf('\'', pos + 1);
                if (end < 0) {
                    throw error("unterminated string");
                }
                String value = text.substring(pos + 1, end);
                pos = end + 1;
                return value;
            }
            if (c == '[') {
                pos++;
                List<Object> values = new ArrayList<>();
                while (true) {
                    skipBlank();
                    if (pos >= text.length()) {
                        throw error("unterminated array");
                    }
                    if (text.charAt(pos) == ']') {
                        pos++;
                        return values;
                    }
                    values.add(value());
                    skipBlank();
                    if (pos < text.length() && text.charAt(pos) == ',') {
                        pos++;
                    }
                }
            }
            int start = pos;
            while (pos < text.length() && "\r\n#,]".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            String bare = text.substring(start, pos).strip();
            if (bare.equals("true") || bare.equals("false")) {
                return Boolean.parseBoolean(bare);
            }
            try {
                return bare.contains(".") || bare.contains("e") ? (Object) Double.parseDouble(bare)
                        : (Object) Long.parseLong(bare.replace("_", ""));
            } catch (NumberFormatException e) {
                throw error("unsupported value '" + bare + "'");
            }
        }

        private String basicString() {
            StringBuilder out = new StringBuilder();
            pos++;
            while (pos < text.length() && text.charAt(pos) != '"') {
                char c = text.charAt(pos++);
                if (c == '\n') {
                    throw error("unterminated string");
                }
                out.append(c == '\\' ? escape() : c);
            }
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            pos++;
            return out.toString();
        }

        private String multiline(String delimiter, boolean escapes) {
            pos += 3;
            if (text.startsWith("\n", pos)) {
                pos++;
            }
            StringBuilder out = new StringBuilder();
            while (!text.startsWith(delimiter, pos)) {
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(pos++);
                if (c == '\n') {
                    line++;
                }
                out.append(escapes && c == '\\' ? escape() : String.valueOf(c));
            }
            pos += 3;
            return out.toString();
        }

        private String escape() {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            return switch (c) {
                case 'n' -> "\n";
                case 't' -> "\t";
                case 'r' -> "\r";
                case '"' -> "\"";
                case '\\' -> "\\";
                case 'u' -> {
                    String hex = text.substring(pos, Math.min(pos + 4, text.length()));
                    pos += 4;
                    yield String.valueOf((char) Integer.parseInt(hex, 16));
                }
                case '\n' -> {
                    line++;
                    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                        pos++;
                    }
                    yield "";
                }
                default -> throw error("unsupported escape \\" + c);
            };
        }

        private void skipBlank() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\n') {
                    line++;
                    pos++;
                } else if (Character.isWhitespace(c)) {
                    pos++;
                } else if (c == '#') {
                    skipComment();
                } else {
                    return;
                }
            }
        }

        private void skipSpaces() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private void skipComment() {
            while (pos < text.length() && text.charAt(pos) != '\n') {
                pos++;
            }
        }

        private TemplateException error(String message) {
            return new TemplateException(where + " line " + line + ": " + message);
        }
    }
}
