package dev.sluice.cli;

import dev.sluice.local.core.CloudContext;
import dev.sluice.local.core.LocalClients;
import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** {@code --endpoint-url} and {@code --region}, and the SDK clients built from them. */
final class AwsOptions {

    static final String DEFAULT_REGION = CloudContext.DEFAULT_REGION;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send AWS requests here (LocalStack, the local cloud, moto). Default: "
                    + "$SLUICE_ENDPOINT_URL, else $AWS_ENDPOINT_URL, else AWS itself.")
    String endpointUrl;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region. Default: $AWS_REGION, else " + DEFAULT_REGION + ".")
    String region;

    /** The endpoint override, or null to talk to AWS itself. */
    URI endpoint() {
        String url = endpointUrl != null ? endpointUrl : firstSet("SLUICE_ENDPOINT_URL", "AWS_ENDPOINT_URL");
        if (url == null) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw invalidEndpoint(url);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw invalidEndpoint(url);
        }
        return uri;
    }

    String region() {
        String r = region != null ? region : firstSet("AWS_REGION", "AWS_DEFAULT_REGION");
        return r == null ? DEFAULT_REGION : r.strip();
    }

    /** Where requests go, for messages: the override, else the region. */
    String describeEndpoint() {
        URI endpoint = endpoint();
        return endpoint != null ? endpoint.toString() : "AWS in " + region();
    }

    /**
     * Credentials: the SDK's default chain for AWS. With an endpoint override (a local cloud that ignores
     * signatures) keys from the environment or profile are still used if present, else dummy ones, and the
     * instance-metadata lookup is skipped because it only adds a timeout on a laptop.
     */
    AwsCredentialsProvider credentials() {
        if (endpoint() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(
                        SystemPropertyCredentialsProvider.create(),
                        EnvironmentVariableCredentialsProvider.create(),
                        ProfileCredentialsProvider.create(),
                        LocalClients.CREDENTIALS)
                .build();
    }

    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        builder.region(Region.of(region()))
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        URI endpoint = endpoint();
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    private ParameterException invalidEndpoint(String url) {
        return new ParameterException(mixee.commandLine(),
                "--endpoint-url must be an absolute http(s) URL such as http://localhost:4566 (given '" + url + "')");
    }

    private static String firstSet(String... names) {
        for (String name : names) {
            String value = System.getenv(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
