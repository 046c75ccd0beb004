package dev.sluice.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against Sluice's local cloud (SQS, EventBridge, Lambda; no Docker) in this JVM.
 *
 * <p>The cloud starts on a free port of 127.0.0.1 when the first such class runs, and every later class of the test
 * run shares it; it stops (function JVMs included) when the run ends. Before the class's tests, the project's CDK
 * app is synthesized as {@code sluice synth} does it and its stacks are deployed, or the given templates are; each
 * distinct project or template set is deployed once per run. Tests receive a {@link TestCloud} parameter.
 *
 * <pre>{@code
 * @LocalCloudTest
 * class InvoicesTest {
 *     @Test
 *     void invoiceReachesTheOutbox(TestCloud cloud) {
 *         cloud.putEvent("billing", "billing.invoices", "InvoiceIssued", "{\"invoiceId\":\"inv-1\"}");
 *         List<Message> notes = cloud.awaitMessages("outbox", 1, Duration.ofSeconds(60));
 *         cloud.assertEmpty("invoices-dlq");
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LocalCloudExtension.class)
public @interface LocalCloudTest {

    /** The value of {@link #project()} that deploys no CDK app: the cloud starts empty (or with the templates only). */
    String NO_PROJECT = "";

    /**
     * The project whose CDK app is deployed: this folder or the nearest one above it holding a cdk.json, relative to
     * the working directory (a module's tests run in the module folder, so the default finds the project the module
     * belongs to). {@link #NO_PROJECT} deploys none. Ignored when {@link #templates()} are given.
     */
    String project() default ".";

    /**
     * CloudFormation templates (JSON or YAML, relative to the working directory) deployed in this order instead of
     * the project's app; each stack is named after its file. A function's code is a zip or folder named by Metadata
     * {@code aws:asset:path}, relative to the template (see local/TEMPLATES.md).
     */
    String[] templates() default {};

    /**
     * Run cdk.json's {@code build} command before synthesizing (when the project changed since it last succeeded).
     * Off by default: in a Maven or Gradle build, the build tool has built the project already.
     */
    boolean build() default false;

    /** CDK context for the app, {@code KEY=VALUE} each, over cdk.json's (as {@code sluice synth -c KEY=VALUE}). */
    String[] context() default {};

    /** Purge every queue of the cloud before each test, so that no test sees another's messages. */
    boolean purgeBeforeEach() default false;
}
