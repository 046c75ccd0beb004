package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.sluice.local.core.Json;
import dev.sluice.local.template.sam.SamProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The project Sluice works on: the folder holding {@code cdk.json}, found from the working directory upwards, and
 * the settings in it. The CDK toolkit's own keys mean what they mean there ({@code app}, {@code build},
 * {@code context}, {@code output}, {@code watch}); Sluice's settings live under the key {@value #SETTINGS_KEY}.
 * A folder holding a SAM template ({@code template.yaml} or {@code template.yml}, with or without
 * {@code samconfig.toml}) and no cdk.json is a SAM project: {@code sluice local up} deploys its template; the
 * commands that run the CDK toolkit refuse it.
 */
final class Project {

    static final String CDK_JSON = "cdk.json";
    static final String CDK_CONTEXT_JSON = "cdk.context.json";
    static final String SETTINGS_KEY = "sluice";

    private final Path root;
    private final JsonNode config;
    private final Path samTemplate;

    private Project(Path root, JsonNode config, Path samTemplate) {
        this.root = root;
        this.config = config;
        this.samTemplate = samTemplate;
    }

    /** The project in {@code start} or its nearest parent that has a cdk.json or a SAM template. */
    static Project find(Path start) {
        Path from = start.toAbsolutePath().normalize();
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(CDK_JSON))) {
                return at(dir);
            }
            for (String name : SamProject.TEMPLATE_NAMES) {
                if (Files.isRegularFile(dir.resolve(name))) {
                    return new Project(dir, MissingNode.getInstance(), dir.resolve(name));
                }
            }
        }
        throw new CommandFailure("no " + CDK_JSON + " or SAM " + SamProject.TEMPLATE_NAMES.get(0) + " in " + from
                + " or any folder above it: run sluice inside a CDK or SAM project, create one with 'sluice new DIR',"
                + " or give templates with --template");
    }

    /** True for a SAM project (a template.yaml and no cdk.json). */
    boolean isSam() {
        return samTemplate != null;
    }

    /** A SAM project's template (sam build's output and samconfig.toml are read when it deploys). */
    Path samTemplate() {
        return samTemplate;
    }

    /** The project of the working directory. */
    static Project current() {
        return find(Path.of(""));
    }

    /** The project whose cdk.json is in {@code root}. */
    static Project at(Path root) {
        Path file = root.resolve(CDK_JSON);
        JsonNode config;
        try {
            config = Json.MAPPER.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new CommandFailure(file + " is not valid JSON (line " + e.getLocation().getLineNr() + "): "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (config == null || !config.isObject()) {
            throw new CommandFailure(file + " must hold a JSON object with an \"app\" command");
        }
        return new Project(root.toAbsolutePath().normalize(), config, null);
    }

    Path root() {
        return root;
    }

    /** The command that synthesizes the app (or the folder of an existing cloud assembly). */
    String app() {
        if (isSam()) {
            throw new CommandFailure(root + " is a SAM project (" + samTemplate.getFileName() + ", no " + CDK_JSON
                    + "): this command runs a CDK app; deploy a SAM project with sam deploy, or run it on this"
                    + " machine with sluice local up");
        }
        JsonNode app = config.path("app");
        if (!app.isTextual() || app.asText().isBlank()) {
            throw new CommandFailure(root.resolve(CDK_JSON) + " has no \"app\": it names the command that"
                    + " synthesizes the CDK app, e.g. \"mvn -e -q compile exec:java\"");
        }
        return app.asText();
    }

    /** The command run before synthesis (cdk.json's {@code build}), if any. */
    Optional<String> build() {
        JsonNode build = config.path("build");
        return build.isTextual() && !build.asText().isBlank() ? Optional.of(build.asText()) : Optional.empty();
    }

    /** Where synthesis writes the cloud assembly: cdk.json's {@code output}, else {@code cdk.out}. */
    Path cloudAssembly() {
        JsonNode output = config.path("output");
        return root.resolve(output.isTextual() && !output.asText().isBlank() ? output.asText() : "cdk.out");
    }

    /** Sluice's own state for this project (local cloud work files, build stamps, toolkit caches). */
    Path workDir() {
        return root.resolve(".sluice");
    }

    /** The app's context as the CDK toolkit gives it: cdk.context.json, then cdk.json's {@code context}. */
    Map<String, Object> context() {
        Map<String, Object> context = new LinkedHashMap<>();
        Path cached = root.resolve(CDK_CONTEXT_JSON);
        if (Files.isRegularFile(cached)) {
            try {
                context.putAll(Json.MAPPER.convertValue(Json.MAPPER.readTree(Files.readString(cached)), Map.class));
            } catch (IOException | IllegalArgumentException e) {
                throw new CommandFailure("cannot read " + cached + ": " + e.getMessage(), e);
            }
        }
        JsonNode configured = config.path("context");
        if (configured.isObject()) {
            context.putAll(Json.MAPPER.convertValue(configured, Map.class));
        }
        return context;
    }

    /** A Sluice setting under {@value #SETTINGS_KEY} by path ("demo", "events"), or a missing node. */
    JsonNode setting(String... path) {
        JsonNode node = config.path(SETTINGS_KEY);
        for (String name : path) {
            node = node.path(name);
        }
        return node == null ? MissingNode.getInstance() : node;
    }

    /** cdk.json's {@code watch} object (include / exclude globs), or a missing node. */
    JsonNode watch() {
        return config.path("watch");
    }
}
