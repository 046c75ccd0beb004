package dev.sluice.cli;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * Who the deploy runs as: resolves credentials and asks STS, so a missing or rejected credential and an
 * unreachable endpoint each fail in one line before the toolkit starts (its own errors are pages long).
 */
final class CallerIdentity {

    static final String NO_CREDENTIALS = "no AWS credentials found: set AWS_PROFILE or "
            + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (see README \"Deploy to AWS\")";

    private CallerIdentity() {
    }

    /** The account of the SDK's default credential chain, checked against STS. */
    static String ofAwsAccount(AwsOptions aws) {
        AwsCredentials credentials;
        try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build()) {
            credentials = chain.resolveCredentials();
        } catch (SdkClientException e) {
            throw new CommandFailure(NO_CREDENTIALS, e);
        }
        return account(aws, StaticCredentialsProvider.create(credentials));
    }

    /** The account a local endpoint (LocalStack) reports for whatever credentials {@code aws} resolves. */
    static String ofEndpoint(AwsOptions aws) {
        return account(aws, aws.credentials());
    }

    private static String account(AwsOptions aws, AwsCredentialsProvider credentials) {
        URI endpoint = aws.endpoint();
        String region = aws.region();
        StsClientBuilder builder = StsClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        String where = endpoint != null ? endpoint.toString() : "https://sts." + region + ".amazonaws.com";
        try (StsClient sts = builder.build()) {
            return sts.getCallerIdentity().account();
        } catch (AwsServiceException e) {
            String detail = e.awsErrorDetails() != null
                    ? e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage()
                    : e.getMessage();
            throw new CommandFailure("AWS rejected the credentials (" + detail + ")", e);
        } catch (SdkClientException e) {
            Throwable network = OneLineErrors.networkCause(e);
            throw new CommandFailure("cannot reach " + where + ": "
                    + (network != null ? OneLineErrors.reason(network) : e.getMessage()), e);
        }
    }
}
