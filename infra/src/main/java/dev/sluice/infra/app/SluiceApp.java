package dev.sluice.infra.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The example CDK app: {@value #MESSAGING_STACK_ID} and {@value #FUNCTIONS_STACK_ID}.
 * Env-agnostic (account and region come from the deploy). Context:
 * <ul>
 *   <li>{@value #STAGE_CONTEXT}: optional prefix of physical names and stack names ({@code dev-orders});</li>
 *   <li>{@value #FUNCTION_ZIP_CONTEXT}: the function.zip; default {@code functions/target/function.zip}
 *       under the Sluice home (system property {@code sluice.home}, env {@code SLUICE_HOME}, else the
 *       nearest folder above the working directory that holds {@code mvnw}).</li>
 * </ul>
 */
public final class SluiceApp {

    public static final String MESSAGING_STACK_ID = "SluiceMessaging";
    public static final String FUNCTIONS_STACK_ID = "SluiceFunctions";
    public static final String STAGE_CONTEXT = "stage";
    public static final String FUNCTION_ZIP_CONTEXT = "functionZip";
    static final String DEFAULT_ZIP = "functions/target/function.zip";
    // FunctionsStack imports the messaging stack's exports; "strong" keeps CDK's current behaviour
    // (an export cannot be removed while imported) and silences the warning about the default.
    private static final String CROSS_STACK_REFERENCES_FLAG = "@aws-cdk/core:defaultCrossStackReferences";

    private SluiceApp() {
    }

    /** Entry point for {@code cdk.json}: synthesizes into the CDK CLI's output directory. */
    public static void main(String[] args) {
        App app = new App();
        define(app);
        app.synth();
    }

    /** Builds both stacks into a new app writing to {@code outDir} and synthesizes it. */
    public static CloudAssembly synth(Path outDir, Map<String, Object> context) {
        App app = new App(AppProps.builder()
                .outdir(outDir.toAbsolutePath().toString())
                .context(Map.copyOf(context))
                .build());
        define(app);
        return app.synth();
    }

    /** Adds the example's stacks to {@code app}, reading the app's context. */
    public static void define(App app) {
        if (app.getNode().tryGetContext(CROSS_STACK_REFERENCES_FLAG) == null) {
            app.getNode().setContext(CROSS_STACK_REFERENCES_FLAG, "strong");
        }
        Object stageValue = app.getNode().tryGetContext(STAGE_CONTEXT);
        StageNames names = StageNames.of(stageValue == null ? null : stageValue.toString());
        Object zipValue = app.getNode().tryGetContext(FUNCTION_ZIP_CONTEXT);
        Path zip = zipValue != null ? Paths.get(zipValue.toString()) : home().resolve(DEFAULT_ZIP);
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("function.zip not found at " + zip.toAbsolutePath()
                    + ": build it with `./mvnw -pl functions package` (or pass context "
                    + FUNCTION_ZIP_CONTEXT + "=<path>)");
        }
        MessagingStack messaging = new MessagingStack(app, MESSAGING_STACK_ID, stackProps(names, MESSAGING_STACK_ID,
                "Sluice example: order bus, queues and routing rules"), names);
        new FunctionsStack(app, FUNCTIONS_STACK_ID, stackProps(names, FUNCTIONS_STACK_ID,
                "Sluice example: order functions, triggers and alarms"), names, messaging,
                zip.toAbsolutePath().toString());
    }

    /**
     * The Sluice home: system property {@code sluice.home}, else env {@code SLUICE_HOME}, else the
     * nearest folder at or above the working directory that holds {@code mvnw}.
     */
    public static Path home() {
        String configured = System.getProperty("sluice.home");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("SLUICE_HOME");
        }
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Sluice home (the folder holding mvnw) above "
                + Paths.get("").toAbsolutePath() + ": set -Dsluice.home, SLUICE_HOME or context "
                + FUNCTION_ZIP_CONTEXT);
    }

    private static StackProps stackProps(StageNames names, String id, String description) {
        return StackProps.builder()
                .stackName(names.physical(id))
                .description(description)
                .build();
    }
}
