package dev.sluice.functions.notification;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Gets the SQS part of the SDK loaded while Quarkus boots, in the functions that write the outbox
 * ({@code sluice.writes-outbox}). The Quarkus-managed {@link SqsClient} can only be built once runtime config exists,
 * at the end of boot; built then, on the first invocation's path, it and its first call load about 2,000 classes
 * (request marshalling, endpoint rules, signing). So, from ArC's first event, a thread of its own builds a client of the
 * same kind (URL-connection, SigV4) and runs one SendMessage through its whole pipeline, stopped before it is sent:
 * nothing leaves the process, the client is closed, and the managed client finds those classes loaded.
 */
@Singleton
public class SqsClientPriming {

    private static final Logger LOG = Logger.getLogger(SqsClientPriming.class);

    void startEarly(@Observes @Initialized(ApplicationScoped.class) Object containerStarted) {
        if (ConfigProvider.getConfig().getOptionalValue("sluice.writes-outbox", Boolean.class).orElse(false)) {
            Thread thread = new Thread(SqsClientPriming::prime, "sqs-client-priming");
            thread.setDaemon(true);
            thread.start();
        }
    }

    static void prime() {
        prime(URI.create("http://127.0.0.1:1"));
    }

    /** Runs one SendMessage through a throwaway client's pipeline and stops it before sending; never throws. */
    static void prime(URI endpoint) {
        try (SqsClient client = SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new StopBeforeSending()))
                .build()) {
            client.sendMessage(r -> r.queueUrl(endpoint + "/000000000000/priming").messageBody("{}"));
        } catch (RuntimeException expected) {
            // StopBeforeSending's, or whatever stopped the SDK before it: the managed client does the rest
            LOG.debugf("SQS client classes primed (%s)", expected.getMessage());
        }
    }

    /** Every request of the priming client stops once it is signed, before the HTTP client sends it. */
    static final class StopBeforeSending implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            throw new IllegalStateException("priming request stopped before sending");
        }
    }
}
