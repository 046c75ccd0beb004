package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which files of a project are its sources for {@code local up --watch}, read from cdk.json's {@code watch} the way
 * {@code cdk watch} reads it (aws-cdk-cli, toolkit-lib's watch action), paths relative to the project folder:
 * <ul>
 *   <li>{@code include}: missing or empty means {@code **} (every file);</li>
 *   <li>{@code exclude}: the user's list, or when missing the toolkit's defaults ({@link #CDK_DEFAULT_EXCLUDES});</li>
 *   <li>always excluded, as the toolkit does: the cloud assembly folder, files and folders whose name starts with a
 *   dot, and {@code node_modules};</li>
 *   <li>and, Sluice's addition, build output folders ({@link BuildStamp#NOT_SOURCES}): the build writes there, so
 *   counting them as sources would start a build after every build.</li>
 * </ul>
 * A pattern that matches a folder covers everything in it (a {@code test} exclude skips the folder {@code test}), as
 * the toolkit's file watcher treats an ignored folder. Globs: {@code **} any number of folders, {@code *} and
 * {@code ?} within one name, {@code {a,b}} alternatives, {@code [...]} character classes.
 */
final class WatchGlobs {

    /** The toolkit's {@code WATCH_EXCLUDE_DEFAULTS}: files of no language that never need a redeploy. */
    static final List<String> CDK_DEFAULT_EXCLUDES = List.of("README.md", "cdk*.json", "package*.json", "yarn.lock",
            "pnpm-lock.yaml", "bun.lockb", "bun.lock", "deno.lock", "tsconfig*.json", "**/*.d.ts", "test",
            "requirements*.txt", "source.bat", "**/__init__.py", "**/__pycache__", "tests", "**/*.sln", "**/*.csproj",
            "**/*.fsproj", "go.mod", "go.sum", "**/*test.go");

    private final List<String> includes;
    private final List<String> excludes;
    private final List<Pattern> include;
    private final List<Pattern> exclude;

    WatchGlobs(List<String> includes, List<String> excludes) {
        this.includes = List.copyOf(includes.isEmpty() ? List.of("**") : includes);
        this.excludes = List.copyOf(excludes);
        this.include = this.includes.stream().map(WatchGlobs::compile).toList();
        this.exclude = this.excludes.stream().map(WatchGlobs::compile).toList();
    }

    /**
     * The project's globs: cdk.json {@code watch} when present, the fixed exclusions added.
     *
     * @param cloudAssembly the assembly folder relative to the project ("cdk.out"), or null when it is outside it
     */
    static WatchGlobs of(JsonNode watch, String cloudAssembly) {
        List<String> includes = strings(watch.path("include"), List.of());
        List<String> excludes = new ArrayList<>(strings(watch.path("exclude"), CDK_DEFAULT_EXCLUDES));
        if (cloudAssembly != null && !cloudAssembly.isEmpty()) {
            excludes.add(cloudAssembly + "/**");
        }
        excludes.addAll(List.of(".*", "**/.*", "**/.*/**", "**/node_modules/**"));
        for (String folder : BuildStamp.NOT_SOURCES.stream().sorted().toList()) {
            excludes.add("**/" + folder + "/**");
        }
        return new WatchGlobs(includes, excludes);
    }

    /** A string or an array of strings; {@code fallback} when the key is missing. */
    private static List<String> strings(JsonNode node, List<String> fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (!node.isArray()) {
            throw new CommandFailure(Project.CDK_JSON + ": watch.include and watch.exclude must be a string or an"
                    + " array of strings (given " + node + ")");
        }
        List<String> values = new ArrayList<>();
        node.forEach(value -> {
            if (!value.isTextual()) {
                throw new CommandFailure(Project.CDK_JSON + ": watch.include and watch.exclude must hold strings"
                        + " (given " + value + ")");
            }
            values.add(value.asText());
        });
        return values;
    }

    /** Whether a file (path relative to the project, '/'-separated) is a source. */
    boolean source(String path) {
        return !excluded(path) && coveredBy(include, path);
    }

    /** Whether a folder and everything in it are excluded: no need to watch inside it. */
    boolean excluded(String path) {
        return coveredBy(exclude, path);
    }

    /** For the message that says what is watched. */
    String describe() {
        return "include " + includes + ", exclude " + excludes;
    }

    /** A pattern covers a path when it matches the path or one of the folders above it. */
    private static boolean coveredBy(List<Pattern> patterns, String path) {
        for (String candidate = path; !candidate.isEmpty(); ) {
            for (Pattern pattern : patterns) {
                if (pattern.matcher(candidate).matches()) {
                    return true;
                }
            }
            int slash = candidate.lastIndexOf('/');
            candidate = slash < 0 ? "" : candidate.substring(0, slash);
        }
        return false;
    }

    /** A glob as a regular expression over '/'-separated relative paths. */
    static Pattern compile(String glob) {
        String g = glob.startsWith("./") ? glob.substring(2) : glob;
        StringBuilder regex = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            switch (c) {
                case '*' -> {
                    boolean doubleStar = i + 1 < g.length() && g.charAt(i + 1) == '*';
                    if (!doubleStar) {
                        regex.append("[^/]*");
                        break;
                    }
                    i++;
                    boolean atStart = i == 1 || g.charAt(i - 2) == '/';
                    boolean slashAfter = i + 1 < g.length() && g.charAt(i + 1) == '/';
                    if (atStart && slashAfter) {
                        regex.append("(?:.*/)?"); // "**/": any number of folders, none included
                        i++;
                    } else if (atStart && i + 1 == g.length() && regex.length() > 0
                            && regex.charAt(regex.length() - 1) == '/') {
                        regex.setLength(regex.length() - 1);
                        regex.append("(?:/.*)?"); // "/**" at the end: the folder and all below it
                    } else {
                        regex.append(".*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '{' -> {
                    braces++;
                    regex.append("(?:");
                }
                case '}' -> {
                    if (braces > 0) {
                        braces--;
                        regex.append(')');
                    } else {
                        regex.append("\\}");
                    }
                }
                case ',' -> regex.append(braces > 0 ? "|" : ",");
                case '[' -> {
                    int close = g.indexOf(']', i + 2);
                    if (close < 0) {
                        regex.append("\\[");
                    } else {
                        String set = g.substring(i + 1, close);
                        regex.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                        i = close;
                    }
                }
                case '/' -> regex.append('/');
                default -> regex.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces > 0) {
            throw new CommandFailure(Project.CDK_JSON + ": watch glob '" + glob + "' has an unclosed '{'");
        }
        return Pattern.compile(regex.toString());
    }
}
