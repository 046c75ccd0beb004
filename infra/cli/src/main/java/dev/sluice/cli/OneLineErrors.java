package dev.sluice.cli;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns every failure into one line on stderr, {@code sluice: <message>}: exit 1 for failures, 2 for usage
 * errors. The stack trace is printed only with {@code --verbose}, because users act on the message, not on
 * the frames.
 */
final class OneLineErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (isVerbose(args)) {
            ex.printStackTrace(err);
        }
        err.println("sluice: " + oneLine(ex.getMessage()));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (isVerbose(parseResult)) {
            ex.printStackTrace(err);
        }
        err.println("sluice: " + oneLine(describe(ex, cmd.getCommandSpec())));
        err.flush();
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    static String describe(Exception ex, CommandSpec spec) {
        if (ex instanceof CommandFailure) {
            return ex.getMessage();
        }
        if (ex instanceof SdkClientException && ex.getMessage() != null
                && ex.getMessage().startsWith("Unable to load credentials")) {
            return CallerIdentity.NO_CREDENTIALS;
        }
        Throwable network = networkCause(ex);
        if (network != null) {
            return "cannot reach " + endpointOf(spec) + ": " + reason(network);
        }
        if (ex instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails().errorMessage();
        }
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }

    static Throwable networkCause(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException) {
                return t;
            }
        }
        return null;
    }

    static String reason(Throwable network) {
        if (network instanceof UnknownHostException) {
            return "unknown host " + network.getMessage();
        }
        return network.getMessage() == null ? network.getClass().getSimpleName() : network.getMessage();
    }

    private static String endpointOf(CommandSpec spec) {
        return spec.mixins().values().stream()
                .map(CommandSpec::userObject)
                .filter(AwsOptions.class::isInstance)
                .map(o -> ((AwsOptions) o).describeEndpoint())
                .findFirst()
                .orElse("AWS");
    }

    private static boolean isVerbose(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isVerbose(String[] args) {
        for (String arg : args) {
            if (arg.equals("--verbose") || arg.equals("-v")) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String message) {
        return message == null ? "unknown error" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
