package dev.sluice.quarkus.deployment;

import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Sluice's settings for the build: {@code quarkus.sluice.*}. */
@ConfigMapping(prefix = "quarkus.sluice")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface LocalCloudBuildTimeConfig {

    /** Dev Services: the local cloud for {@code @QuarkusTest} and {@code quarkus dev}. */
    DevServices devservices();

    interface DevServices {

        /**
         * Start the local cloud (SQS, EventBridge, Lambda; no Docker) in dev and test mode. It is not started when an
         * endpoint is configured for the app's AWS clients ({@code quarkus.sqs.endpoint-override},
         * {@code quarkus.eventbridge.endpoint-override}, {@code quarkus.lambda.endpoint-override}, the
         * {@code AWS_ENDPOINT_URL} variable or the {@code aws.endpointUrl} system property), nor when Quarkus' Dev
         * Services are off ({@code quarkus.devservices.enabled=false}).
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * Port of the local cloud's edge endpoint on 127.0.0.1. Default: a free port in tests; in dev mode 4566 (the
         * port {@code sluice local up} and the AWS tools' LocalStack settings use) when it is free, else a free one.
         */
        Optional<Integer> port();

        /**
         * The project whose CDK app is synthesized (as {@code sluice synth} does it) and deployed: this folder or the
         * nearest one above it holding a cdk.json, relative to the module. Default: the module's folder, so the
         * project the module belongs to. Ignored when {@code templates} are given.
         */
        Optional<String> project();

        /**
         * CloudFormation templates (JSON or YAML, relative to the module) deployed in this order instead of the
         * project's CDK app; each stack is named after its file.
         */
        Optional<List<String>> templates();

        /**
         * Run cdk.json's {@code build} command before synthesizing (when the project changed since it last
         * succeeded). Off by default: Maven has built the project already.
         */
        @WithDefault("false")
        boolean build();

        /**
         * In dev mode, use a local cloud already answering on the port (another app's Dev Services, or
         * {@code sluice local up}) instead of starting one: the project is deployed into it.
         */
        @WithDefault("true")
        boolean shared();
    }
}
