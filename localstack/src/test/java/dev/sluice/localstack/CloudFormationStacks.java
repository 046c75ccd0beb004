package dev.sluice.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.core.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.ResourceStatus;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Deploys synthesized CDK stacks through the plain CloudFormation API, doing the two things the CDK CLI does around
 * it: {@link #bootstrap()} (the version parameter that the template's {@code CheckBootstrapVersion} rule reads, the
 * assets bucket) and publishing the stack's file assets (the function.zip) to that bucket.
 */
final class CloudFormationStacks implements AutoCloseable {

    /** The default synthesizer's qualifier and the SSM parameter its templates take BootstrapVersion from. */
    static final String QUALIFIER = "hnb659fds";
    static final String BOOTSTRAP_VERSION_PARAMETER = "/cdk-bootstrap/" + QUALIFIER + "/version";
    /** What a current {@code cdk bootstrap} writes; the templates require at least 6. */
    static final String BOOTSTRAP_VERSION = "28";
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = Json.MAPPER;

    private final String region;
    private final String account;
    private final CloudFormationClient cloudFormation;
    private final SsmClient ssm;
    private final S3Client s3;

    CloudFormationStacks(URI endpoint, String region, String account) {
        this.region = region;
        this.account = account;
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        this.cloudFormation = CloudFormationClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        this.ssm = SsmClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        this.s3 = S3Client.builder().endpointOverride(endpoint).region(Region.of(region)).forcePathStyle(true)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    String assetsBucket() {
        return "cdk-" + QUALIFIER + "-assets-" + account + "-" + region;
    }

    /** The parts of {@code cdk bootstrap} a template deploy reads: the version parameter and the assets bucket. */
    void bootstrap() {
        ssm.putParameter(r -> r.name(BOOTSTRAP_VERSION_PARAMETER).value(BOOTSTRAP_VERSION)
                .type(ParameterType.STRING).overwrite(true));
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(assetsBucket()))) {
            s3.createBucket(r -> r.bucket(assetsBucket()));
        }
    }

    /**
     * Publishes the stack's file assets, creates the stack from its synthesized template and waits for
     * CREATE_COMPLETE.
     *
     * @return the stack's outputs by output key
     */
    Map<String, String> deploy(SynthesizedApp app, String stackName) throws IOException, InterruptedException {
        publishAssets(app.cdkOut(), stackName);
        String template = app.template(stackName);
        cloudFormation.createStack(r -> r.stackName(stackName)
                .templateBody(template)
                .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM));
        Stack stack = awaitCreated(stackName);
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output output : stack.outputs()) {
            outputs.put(output.outputKey(), output.outputValue());
        }
        return outputs;
    }

    /** Export name to value, over all stacks. */
    Map<String, String> exports() {
        Map<String, String> exports = new LinkedHashMap<>();
        cloudFormation.listExportsPaginator(r -> { }).exports().forEach(e -> exports.put(e.name(), e.value()));
        return exports;
    }

    private void publishAssets(Path cdkOut, String stackName) throws IOException {
        Path manifest = cdkOut.resolve(stackName + ".assets.json");
        JsonNode files = JSON.readTree(manifest.toFile()).path("files");
        for (Map.Entry<String, JsonNode> asset : (Iterable<Map.Entry<String, JsonNode>>) files::fields) {
            JsonNode source = asset.getValue().path("source");
            String path = source.path("path").asText();
            if (path.equals(stackName + ".template.json")) {
                continue; // CreateStack gets the template as its body
            }
            if (!source.path("packaging").asText().equals("file")) {
                throw new IllegalStateException(manifest + ": asset " + asset.getKey() + " has packaging "
                        + source.path("packaging").asText() + "; only 'file' assets are published here");
            }
            for (JsonNode destination : asset.getValue().path("destinations")) {
                String bucket = substitute(destination.path("bucketName").asText());
                String key = substitute(destination.path("objectKey").asText());
                s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(cdkOut.resolve(path)));
            }
        }
    }

    private String substitute(String value) {
        return value.replace("${AWS::AccountId}", account).replace("${AWS::Region}", region)
                .replace("${AWS::Partition}", "aws");
    }

    private Stack awaitCreated(String stackName) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEPLOY_TIMEOUT);
        while (true) {
            Stack stack = cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().get(0);
            StackStatus status = stack.stackStatus();
            if (status == StackStatus.CREATE_COMPLETE) {
                return stack;
            }
            if (status != StackStatus.CREATE_IN_PROGRESS) {
                throw new IllegalStateException("stack " + stackName + " is " + status + ": " + failures(stackName));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("stack " + stackName + " not created after " + DEPLOY_TIMEOUT + ": "
                        + failures(stackName));
            }
            Thread.sleep(500);
        }
    }

    private List<String> failures(String stackName) {
        return cloudFormation.describeStackEvents(r -> r.stackName(stackName)).stackEvents().stream()
                .filter(e -> e.resourceStatus() == ResourceStatus.CREATE_FAILED)
                .map(CloudFormationStacks::describe)
                .toList();
    }

    private static String describe(StackEvent event) {
        return event.logicalResourceId() + " (" + event.resourceType() + "): " + event.resourceStatusReason();
    }

    @Override
    public void close() {
        cloudFormation.close();
        ssm.close();
        s3.close();
    }
}
