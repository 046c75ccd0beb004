package {{package}}.infra;

import java.nio.file.Files;
import java.nio.file.Path;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@link MessagingStack} (bus, task queue, rule) and {@link FunctionsStack} (the functions, their
 * triggers and alarms). Account and region come from where it is deployed. The function code is
 * {@value #DEFAULT_FUNCTION_ZIP}, relative to the project folder (where cdk.json is, the working directory when the
 * CDK toolkit or sluice runs the app), or context {@value #FUNCTION_ZIP_CONTEXT}.
 */
public final class {{Name}}App {

    public static final String FUNCTION_ZIP_CONTEXT = "functionZip";
    static final String DEFAULT_FUNCTION_ZIP = "functions/target/function.zip";

    private {{Name}}App() {
    }

    public static void main(String[] args) {
        App app = new App();
        Object configured = app.getNode().tryGetContext(FUNCTION_ZIP_CONTEXT);
        Path functionZip = Path.of(configured != null ? configured.toString() : DEFAULT_FUNCTION_ZIP);
        if (!Files.isRegularFile(functionZip)) {
            throw new IllegalStateException("no function code at " + functionZip.toAbsolutePath()
                    + ": build it with ./mvnw package (or give context " + FUNCTION_ZIP_CONTEXT + "=<path>)");
        }

        MessagingStack messaging = new MessagingStack(app, "{{Name}}Messaging", StackProps.builder()
                .description("{{name}}: event bus, task queue and the rule between them")
                .build());
        new FunctionsStack(app, "{{Name}}Functions", StackProps.builder()
                .description("{{name}}: functions, their triggers and alarms")
                .build(), messaging, functionZip.toAbsolutePath().toString());
        app.synth();
    }
}
