package dev.sluice.constructs;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;
import software.constructs.IConstruct;

/** A construct's function: either one the user gives or one it creates from props. */
final class FunctionChoice {

    /** Lambda's timeout when none is set. */
    static final Duration LAMBDA_DEFAULT_TIMEOUT = Duration.seconds(3);

    private final IFunction function;
    private final FunctionProps props;

    FunctionChoice(IFunction function, FunctionProps props) {
        this.function = function;
        this.props = props;
    }

    void check(PropViolations violations) {
        if (function == null && props == null) {
            violations.add("function or functionProps is required (given neither)");
        } else if (function != null && props != null) {
            violations.add("give function or functionProps, not both (given both)");
        }
    }

    IFunction resolve(Construct scope) {
        return function != null ? function : new Function(scope, "Function", props);
    }

    /** The function's timeout, or null when it cannot be known here (an imported function). */
    Duration timeout() {
        if (props != null) {
            return props.getTimeout() != null ? props.getTimeout() : LAMBDA_DEFAULT_TIMEOUT;
        }
        if (function instanceof Function) {
            Duration timeout = ((Function) function).getTimeout();
            return timeout != null ? timeout : LAMBDA_DEFAULT_TIMEOUT;
        }
        return null;
    }

    /** The function's reserved concurrency when it is set and resolved here, else null. */
    Number reservedConcurrency() {
        Number reserved = null;
        if (props != null) {
            reserved = props.getReservedConcurrentExecutions();
        } else if (function != null && function.getNode().getDefaultChild() instanceof CfnFunction cfn) {
            reserved = cfn.getReservedConcurrentExecutions();
        }
        return reserved == null || Token.isUnresolved(reserved) ? null : reserved;
    }

    /** The function's physical name when it is set and resolved, else null. */
    String physicalName() {
        String name = null;
        if (props != null) {
            name = props.getFunctionName();
        } else if (function != null) {
            IConstruct child = function.getNode().getDefaultChild();
            if (child instanceof CfnFunction) {
                name = ((CfnFunction) child).getFunctionName();
            }
        }
        return name == null || Token.isUnresolved(name) ? null : name;
    }
}
