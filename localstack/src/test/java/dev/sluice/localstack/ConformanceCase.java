package dev.sluice.localstack;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One documented AWS behaviour checked by a test of {@link ConformanceCases}: the AWS page it comes from and the
 * sentence (AWS's words, shortened with "..." at most) that the test checks. {@code docs/CONFORMANCE.md} is rendered
 * from these and the recorded results.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface ConformanceCase {

    /** Stable id, the row's key in docs/CONFORMANCE.md, e.g. {@code sqs.message-size.at-limit}. */
    String id();

    /** What is checked, in a few words. */
    String title();

    /** The AWS documentation page (URL). */
    String aws();

    /** The sentence of that page the test checks. */
    String says();

    /** True when the case runs a Lambda function: LocalStack in host mode cannot, so it runs on Sluice only. */
    boolean needsLambda() default false;
}
