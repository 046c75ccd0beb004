package dev.sluice.local.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * CloudWatch Logs' filter pattern syntax for unstructured events, as far as the local cloud supports it. Matching is
 * case-sensitive and finds terms anywhere in the message:
 *
 * <ul>
 *   <li>{@code ERROR} and {@code "Task timed out"}: the event contains the term, or the quoted phrase (a quote inside a
 *       phrase is written {@code \"});
 *   <li>{@code ERROR Exception}: it contains every such term;
 *   <li>{@code ?ERROR ?WARN}: it contains at least one of the terms marked {@code ?};
 *   <li>{@code ERROR -Retrying}: it contains none of the terms marked {@code -};
 *   <li>{@code %ERROR|WARN%}: a regular expression between percent signs, found anywhere (Java's syntax, a superset of
 *       the one CloudWatch Logs accepts);
 *   <li>an empty or blank pattern, or {@code ""}: every event.
 * </ul>
 *
 * Not supported (refused with a message saying so): JSON patterns ({@code { $.level = "ERROR" }}) and space-delimited
 * patterns ({@code [ip, user, ...]}).
 */
public final class FilterPattern implements Predicate<String> {

    /** Every event. */
    public static final FilterPattern ALL = new FilterPattern(List.of(), List.of(), List.of());

    private final List<Predicate<String>> required;
    private final List<Predicate<String>> anyOf;
    private final List<Predicate<String>> excluded;

    private FilterPattern(List<Predicate<String>> required, List<Predicate<String>> anyOf,
                          List<Predicate<String>> excluded) {
        this.required = required;
        this.anyOf = anyOf;
        this.excluded = excluded;
    }

    /**
     * Reads a pattern.
     *
     * @throws IllegalArgumentException naming what is wrong or not supported
     */
    public static FilterPattern parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return ALL;
        }
        String text = pattern.strip();
        if (text.startsWith("{")) {
            throw new IllegalArgumentException("JSON filter patterns ({ $.field = value }) are not supported by the"
                    + " local CloudWatch Logs; use terms, quoted phrases or %regex% (given " + pattern + ")");
        }
        if (text.startsWith("[")) {
            throw new IllegalArgumentException("space-delimited filter patterns ([field, ...]) are not supported by the"
                    + " local CloudWatch Logs; use terms, quoted phrases or %regex% (given " + pattern + ")");
        }
        List<Predicate<String>> required = new ArrayList<>();
        List<Predicate<String>> anyOf = new ArrayList<>();
        List<Predicate<String>> excluded = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            List<Predicate<String>> into = required;
            if (c == '?' || c == '-') {
                into = c == '?' ? anyOf : excluded;
                i++;
                if (i >= text.length() || Character.isWhitespace(text.charAt(i))) {
                    throw new IllegalArgumentException("'" + c + "' must be followed by a term in the filter pattern "
                            + pattern);
                }
            }
            StringBuilder term = new StringBuilder();
            if (text.charAt(i) == '"') {
                i = quoted(text, i, term, pattern);
                if (!term.isEmpty()) {
                    into.add(contains(term.toString()));
                }
            } else if (text.charAt(i) == '%') {
                int end = text.indexOf('%', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("a regular expression starting with % has no closing % in the"
                            + " filter pattern " + pattern);
                }
                into.add(regex(text.substring(i + 1, end), pattern));
                i = end + 1;
            } else {
                while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                    term.append(text.charAt(i++));
                }
                into.add(contains(term.toString()));
            }
        }
        return new FilterPattern(List.copyOf(required), List.copyOf(anyOf), List.copyOf(excluded));
    }

    /** True when {@code message} matches. */
    @Override
    public boolean test(String message) {
        for (Predicate<String> term : required) {
            if (!term.test(message)) {
                return false;
            }
        }
        for (Predicate<String> term : excluded) {
            if (term.test(message)) {
                return false;
            }
        }
        if (anyOf.isEmpty()) {
            return true;
        }
        for (Predicate<String> term : anyOf) {
            if (term.test(message)) {
                return true;
            }
        }
        return false;
    }

    /** Reads {@code "..."} starting at {@code start} into {@code term}; returns the index after the closing quote. */
    private static int quoted(String text, int start, StringBuilder term, String pattern) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                term.append(text.charAt(i + 1));
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                term.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("a quoted phrase has no closing quote in the filter pattern " + pattern);
    }

    private static Predicate<String> contains(String term) {
        return message -> message.contains(term);
    }

    private static Predicate<String> regex(String expression, String pattern) {
        try {
            Pattern compiled = Pattern.compile(expression);
            return message -> compiled.matcher(message).find();
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression %" + expression + "% in the filter pattern "
                    + pattern + ": " + e.getDescription());
        }
    }
}
