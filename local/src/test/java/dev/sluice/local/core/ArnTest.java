package dev.sluice.local.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** ARNs are built from a cloud's context and taken apart in one place. */
class ArnTest {

    private static final CloudContext CONTEXT = CloudContext.local(URI.create("http://127.0.0.1:4566"), "eu-west-1");

    @Test
    void aContextBuildsItsArns() {
        assertThat(CONTEXT.queueArn("orders")).isEqualTo("arn:aws:sqs:eu-west-1:000000000000:orders");
        assertThat(CONTEXT.functionArn("fn")).isEqualTo("arn:aws:lambda:eu-west-1:000000000000:function:fn");
        assertThat(CONTEXT.arn("events", "event-bus/orders").toString())
                .isEqualTo("arn:aws:events:eu-west-1:000000000000:event-bus/orders");
        assertThat(CONTEXT.globalArn("iam", "root").toString()).isEqualTo("arn:aws:iam::000000000000:root");
    }

    @Test
    void arnsOfWhatAwsOwnsHaveNoAccountOfOurs() {
        assertThat(Arn.managedPolicy("service-role/AWSLambdaBasicExecutionRole").toString())
                .isEqualTo("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
        assertThat(Arn.lambdaRuntime("eu-west-1", "local-jdk-21").toString())
                .isEqualTo("arn:aws:lambda:eu-west-1::runtime:local-jdk-21");
    }

    @Test
    void parsingGivesThePartsBack() {
        Arn arn = Arn.parse("arn:aws:lambda:us-east-1:000000000000:function:fn:live");

        assertThat(arn.service()).isEqualTo("lambda");
        assertThat(arn.region()).isEqualTo("us-east-1");
        assertThat(arn.accountId()).isEqualTo("000000000000");
        assertThat(arn.resource()).isEqualTo("function:fn:live");
        assertThat(arn.name()).isEqualTo("fn");
        assertThat(arn.toString()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:fn:live");
        assertThatThrownBy(() -> Arn.parse("orders")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an ARN: orders");
    }

    @Test
    void namesComeFromNamesArnsAndQueueUrls() {
        assertThat(Arn.nameOf("arn:aws:sqs:us-east-1:000000000000:orders-dlq")).isEqualTo("orders-dlq");
        assertThat(Arn.nameOf("arn:aws:events:us-east-1:000000000000:event-bus/orders")).isEqualTo("orders");
        assertThat(Arn.nameOf("arn:aws:events:us-east-1:000000000000:rule/orders/placed")).isEqualTo("placed");
        assertThat(Arn.nameOf("http://127.0.0.1:4566/000000000000/orders")).isEqualTo("orders");
        assertThat(Arn.nameOf("orders")).isEqualTo("orders");
        assertThat(Arn.isOf("arn:aws:sqs:us-east-1:000000000000:orders", "sqs")).isTrue();
        assertThat(Arn.isOf("arn:aws:sqs:us-east-1:000000000000:orders", "lambda")).isFalse();
        assertThat(Arn.isOf("orders", "sqs")).isFalse();
    }

    @Test
    void functionNamesAreTakenFromArns() {
        assertThat(Arn.functionName("arn:aws:lambda:us-east-1:000000000000:function:fn")).isEqualTo("fn");
        assertThat(Arn.functionName("arn:aws:lambda:us-east-1:000000000000:function:fn:live"))
                .isEqualTo("fn");
        assertThat(Arn.functionName("fn")).isEqualTo("fn");
        assertThat(Arn.functionName("000000000000:function:fn")).isEqualTo("fn");
    }
}
