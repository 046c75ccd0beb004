package dev.sluice.constructs;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

/**
 * A java21 Lambda function running one exported Quarkus Funqy function from a function.zip.
 * One zip serves every function of an application; {@code QUARKUS_FUNQY_EXPORT} picks the method.
 */
public class FunqyFunction extends Function {

    public static final String HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest";
    public static final String EXPORT_VARIABLE = "QUARKUS_FUNQY_EXPORT";

    public FunqyFunction(Construct scope, String id, FunqyFunctionProps props) {
        super(scope, id, functionProps(props));
    }

    // Runs before the superclass constructor, so it validates and converts in one static step.
    private static FunctionProps functionProps(FunqyFunctionProps props) {
        PropViolations violations = new PropViolations("FunqyFunction");
        if (props.zipPath() == null || props.zipPath().isBlank()) {
            violations.add("zipPath is required (given none)");
        }
        if (props.export() == null || props.export().isBlank()) {
            violations.add("export is required (given none)");
        }
        if (props.environment().containsKey(EXPORT_VARIABLE)) {
            violations.add("environment must not set " + EXPORT_VARIABLE + "; use export (given '"
                    + props.environment().get(EXPORT_VARIABLE) + "')");
        }
        violations.between("memorySize", props.memorySize(), 128, 10_240);
        violations.secondsBetween("timeout", props.timeout(), 1, 900);
        violations.throwIfAny();

        Map<String, String> environment = new LinkedHashMap<>(props.environment());
        environment.put(EXPORT_VARIABLE, props.export());
        return FunctionProps.builder()
                .runtime(Runtime.JAVA_21)
                .handler(HANDLER)
                .code(Code.fromAsset(props.zipPath()))
                .functionName(props.functionName())
                .description(props.description())
                .memorySize(props.memorySize() != null ? props.memorySize() : FunqyFunctionProps.DEFAULT_MEMORY_SIZE)
                .timeout(props.timeout() != null ? props.timeout() : FunqyFunctionProps.DEFAULT_TIMEOUT)
                .environment(environment)
                .build();
    }
}
