package dev.sluice.local.template.sam;

import dev.sluice.local.template.TemplateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A template file as the SAM CLI sees it in its project folder: {@code sam build} writes
 * {@code .aws-sam/build/template.yaml} (code built per function next to it), which {@code sam deploy} uses instead of
 * {@code template.yaml}; {@code samconfig.toml} gives the stack name and parameter overrides. For any other template
 * file this is the file itself, with no stack name and no overrides.
 */
public final class SamProject {

    /** The SAM CLI's default template names (a build template is only looked for next to these). */
    public static final List<String> TEMPLATE_NAMES = List.of("template.yaml", "template.yml");
    static final Path BUILD_TEMPLATE = Path.of(".aws-sam", "build", "template.yaml");

    private final Path template;
    private final String stackName;
    private final Map<String, String> parameterOverrides;
    private final List<String> notes;

    private SamProject(Path template, String stackName, Map<String, String> parameterOverrides, List<String> notes) {
        this.template = template;
        this.stackName = stackName;
        this.parameterOverrides = parameterOverrides;
        this.notes = notes;
    }

    /** The project of {@code templateFile}: its folder's build template and samconfig.toml, when present. */
    public static SamProject of(Path templateFile) {
        Path file = templateFile.toAbsolutePath().normalize();
        Path folder = file.getParent();
        List<String> notes = new ArrayList<>();
        Path template = file;
        if (TEMPLATE_NAMES.contains(file.getFileName().toString()) && !file.endsWith(BUILD_TEMPLATE)) {
            Path built = folder.resolve(BUILD_TEMPLATE);
            if (Files.isRegularFile(built)) {
                if (modified(built) >= modified(file)) {
                    template = built;
                    notes.add("info: deploying " + built + ", written by sam build from " + file.getFileName());
                } else {
                    notes.add("warning: " + built + " is older than " + file.getFileName() + ", so "
                            + file.getFileName() + " is deployed as written; run sam build to deploy the build");
                }
            }
        }
        Path config = folder.resolve(SamConfig.FILE);
        String stackName = null;
        Map<String, String> overrides = Map.of();
        if (Files.isRegularFile(config)) {
            SamConfig sam;
            try {
                sam = SamConfig.parse(Files.readString(config), config.toString());
            } catch (IOException e) {
                throw new TemplateException("cannot read " + config + ": " + e.getMessage(), e);
            }
            stackName = sam.stackName();
            overrides = sam.parameterOverrides();
            notes.add("info: reading stack_name and parameter_overrides from " + config);
        }
        return new SamProject(template, stackName, overrides, notes);
    }

    /** The file to deploy. */
    public Path template() {
        return template;
    }

    /** samconfig.toml's stack_name, if any. */
    public Optional<String> stackName() {
        return Optional.ofNullable(stackName);
    }

    /** samconfig.toml's parameter_overrides (empty without one). */
    public Map<String, String> parameterOverrides() {
        return parameterOverrides;
    }

    /** Lines saying which files were used. */
    public List<String> notes() {
        return notes;
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
