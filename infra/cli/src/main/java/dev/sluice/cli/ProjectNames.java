package dev.sluice.cli;

import java.util.Locale;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * What a new project is called: its name (stack, bus, queue and function names, Maven artifactIds) and its Java
 * package (also its Maven groupId). Each check returns what is wrong, or null.
 *
 * @param name        e.g. {@code acme-billing}
 * @param javaPackage e.g. {@code com.acme.billing}
 */
record ProjectNames(String name, String javaPackage) {

    static final int MAX_NAME_LENGTH = 30;
    static final String NAME_RULE = "1 to " + MAX_NAME_LENGTH + " lowercase letters, digits and single '-', starting"
            + " with a letter and not ending with '-'";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Null if {@code name} can name a project, else what is wrong with it. */
    static String checkName(String name) {
        if (name.length() > MAX_NAME_LENGTH) {
            return "is " + name.length() + " characters long; a project name is at most " + MAX_NAME_LENGTH
                    + " (it goes into queue, function and stack names)";
        }
        if (!NAME.matcher(name).matches()) {
            return "is not a project name: use " + NAME_RULE;
        }
        return null;
    }

    /** Null if {@code javaPackage} is a Java package name a project can use, else what is wrong with it. */
    static String checkPackage(String javaPackage) {
        if (javaPackage.isEmpty()) {
            return "is empty";
        }
        String[] parts = javaPackage.split("\\.", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                return "has an empty part: write it as names joined by single dots, e.g. com.acme.billing";
            }
            if (!IDENTIFIER.matcher(part).matches()) {
                return "'" + part + "' is not a Java identifier (letters, digits and '_', not starting with a digit)";
            }
            if (SourceVersion.isKeyword(part)) {
                return "'" + part + "' is a reserved word in Java";
            }
        }
        if (parts[0].equals("java")) {
            return "packages under 'java' are reserved for the JDK";
        }
        return null;
    }

    /** {@code com.example.} and the name without its dashes: {@code acme-billing} gives {@code com.example.acmebilling}. */
    static String defaultPackage(String name) {
        return "com.example." + name.replace("-", "");
    }

    /** The name as the start of a Java class name: {@code acme-billing} gives {@code AcmeBilling}. */
    String className() {
        StringBuilder out = new StringBuilder();
        for (String word : name.split("-")) {
            out.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
        }
        return out.toString();
    }

    /** The package as a folder path: {@code com/acme/billing}. */
    String packagePath() {
        return javaPackage.replace('.', '/');
    }
}
