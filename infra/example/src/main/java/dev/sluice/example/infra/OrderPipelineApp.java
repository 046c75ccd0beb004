package dev.sluice.example.infra;

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
 *   <li>{@value #FUNCTION_ZIP_CONTEXT}: the function.zip; default {@code functions/target/function.zip} in the
 *       working directory, which is the project folder (where cdk.json is) when the CDK toolkit or sluice runs
 *       the app.</li>
 * </ul>
 */
public final class OrderPipelineApp {

    public static final String MESSAGING_STACK_ID = "SluiceMessaging";
    public static final String FUNCTIONS_STACK_ID = "SluiceFunctions";
    public static final String STAGE_CONTEXT = "stage";
    public static final String FUNCTION_ZIP_CONTEXT = "functionZip";
    static final String DEFAULT_ZIP = "functions/target/function.zip";
    // FunctionsStack imports the messaging stack's exports; "strong" keeps CDK's current behaviour
    // (an export cannot be removed while imported) and silences the warning about the default.
    private static final String CROSS_STACK_REFERENCES_FLAG = "@aws-cdk/core:defaultCrossStackReferences";

    private OrderPipelineApp() {
    }

    /** Entry point for {@code cdk.json}: synthesizes into the toolkit's output directory ({@code CDK_OUTDIR}). */
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
        Path zip = Paths.get(zipValue != null ? zipValue.toString() : DEFAULT_ZIP);
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

    private static StackProps stackProps(StageNames names, String id, String description) {
        return StackProps.builder()
                .stackName(names.physical(id))
                .description(description)
                .build();
    }
}
