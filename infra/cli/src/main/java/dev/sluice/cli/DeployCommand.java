package dev.sluice.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * {@code sluice deploy}: synthesizes the project's app, then deploys it with the pinned CDK toolkit (see
 * docs/DEPLOYING.md for why the toolkit rather than the CloudFormation API).
 */
@Command(name = "deploy", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
        header = "Deploy the project's stacks to AWS or LocalStack with the CDK toolkit.")
final class DeployCommand extends AwsCommand {

    static final String BOOTSTRAP_STACK = "CDKToolkit";

    @Mixin
    StackSelection selection;

    @Override
    public Integer call() {
        PrintWriter out = out();
        PrintWriter err = err();
        String account = selection.account(aws);
        Target target = selection.target;
        out.println("Deploying to " + target + " as account " + account + " in " + aws.region()
                + (target == Target.localstack ? " (" + aws.endpoint() + ")" : ""));
        out.flush();

        StackSelection.Prepared prepared = selection.prepare(aws, out, err);
        if (!isBootstrapped()) {
            out.println("Bootstrapping aws://" + account + "/" + aws.region() + " (assets bucket and deploy roles)...");
            out.flush();
            prepared.toolkit().bootstrap(prepared.assembly().directory(), account, aws.region());
        }
        prepared.toolkit().deploy(prepared.assembly().directory(), prepared.stacks());
        return 0;
    }

    /** The toolkit's bootstrap stack exists and is usable (a failed one is repaired by bootstrapping again). */
    private boolean isBootstrapped() {
        try (CloudFormationClient cloudFormation = clientForTarget()) {
            List<Stack> stacks = cloudFormation.describeStacks(r -> r.stackName(BOOTSTRAP_STACK)).stacks();
            return !stacks.isEmpty() && stacks.get(0).stackStatusAsString().matches("(CREATE|UPDATE)_COMPLETE");
        } catch (CloudFormationException e) {
            if (e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                    && e.awsErrorDetails().errorMessage().contains("does not exist")) {
                return false;
            }
            throw e;
        }
    }

    private CloudFormationClient clientForTarget() {
        return aws.client(CloudFormationClient.builder());
    }
}
