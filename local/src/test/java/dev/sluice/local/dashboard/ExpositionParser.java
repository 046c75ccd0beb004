package dev.sluice.local.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Prometheus text format 0.0.4 back, strictly: every sample must follow its family's HELP and TYPE lines, label
 * values are unescaped, and anything else fails with the line number. The tests' independent check of the renderer.
 */
final class ExpositionParser {

    record Family(String name, String help, String type, List<Sample> samples) {
    }

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private ExpositionParser() {
    }

    static Map<String, Family> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        Map<String, Family> families = new LinkedHashMap<>();
        String help = null;
        String helpName = null;
        Family current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.startsWith("# HELP ")) {
                String rest = line.substring(7);
                int space = rest.indexOf(' ');
                helpName = rest.substring(0, space);
                help = rest.substring(space + 1).replace("\\n", "\n").replace("\\\\", "\\");
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                if (parts.length != 2 || !parts[0].equals(helpName)) {
                    throw new IllegalArgumentException("line " + number + ": TYPE without a matching HELP: " + line);
                }
                if (!List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[1])) {
                    throw new IllegalArgumentException("line " + number + ": unknown type " + parts[1]);
                }
                if (families.containsKey(parts[0])) {
                    throw new IllegalArgumentException("line " + number + ": family " + parts[0] + " repeated");
                }
                current = new Family(parts[0], help, parts[1], new ArrayList<>());
                families.put(parts[0], current);
            } else if (line.isEmpty() || line.startsWith("#")) {
                throw new IllegalArgumentException("line " + number + ": unexpected " + line);
            } else {
                Sample sample = sample(line, number);
                if (current == null || !sample.name().equals(current.name())) {
                    throw new IllegalArgumentException("line " + number + ": sample outside its family: " + line);
                }
                current.samples().add(sample);
            }
        }
        return families;
    }

    private static Sample sample(String line, int number) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        int valueStart;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int equals = line.indexOf('=', i);
                String label = line.substring(i, equals);
                if (line.charAt(equals + 1) != '"') {
                    throw new IllegalArgumentException("line " + number + ": label value must be quoted");
                }
                StringBuilder value = new StringBuilder();
                int j = equals + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            valueStart = i + 2;
            if (line.charAt(i + 1) != ' ') {
                throw new IllegalArgumentException("line " + number + ": no space before the value");
            }
        } else {
            name = line.substring(0, space);
            valueStart = space + 1;
        }
        String value = line.substring(valueStart);
        double parsed = switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(value);
        };
        return new Sample(name, labels, parsed);
    }
}
