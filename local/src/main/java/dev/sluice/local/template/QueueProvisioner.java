package dev.sluice.local.template;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** {@code AWS::SQS::Queue}: CreateQueue, or SetQueueAttributes when a redeployment finds the queue. */
record QueueProvisioner(SqsClient sqs) {

    private static final Map<String, QueueAttributeName> ATTRIBUTES = Map.of(
            "VisibilityTimeout", QueueAttributeName.VISIBILITY_TIMEOUT,
            "MessageRetentionPeriod", QueueAttributeName.MESSAGE_RETENTION_PERIOD,
            "DelaySeconds", QueueAttributeName.DELAY_SECONDS,
            "ReceiveMessageWaitTimeSeconds", QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
            "MaximumMessageSize", QueueAttributeName.MAXIMUM_MESSAGE_SIZE,
            "ContentBasedDeduplication", QueueAttributeName.CONTENT_BASED_DEDUPLICATION);

    Provisioned queue(ResourceProperties props) {
        boolean fifo = Boolean.TRUE.equals(props.bool("FifoQueue"));
        String name = props.has("QueueName") ? props.string("QueueName") : props.generatedName(80, fifo ? ".fifo" : "");
        if (fifo && !name.endsWith(".fifo")) {
            throw new TemplateException(props.where("QueueName") + ": a FIFO queue's name must end with .fifo, got '"
                    + name + "'");
        }
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        ATTRIBUTES.forEach((property, attribute) -> {
            Object value = props.raw(property);
            if (value != null) {
                attributes.put(attribute, String.valueOf(value));
            }
        });
        if (props.has("RedrivePolicy")) {
            ResourceProperties redrive = props.object("RedrivePolicy");
            if (redrive != null) {
                redrive.required("deadLetterTargetArn");
                redrive.integer("maxReceiveCount");
            }
            attributes.put(QueueAttributeName.REDRIVE_POLICY, props.json("RedrivePolicy"));
        }
        String url = existingUrl(name);
        boolean existed = url != null;
        if (existed) {
            if (!attributes.isEmpty()) {
                String existing = url;
                sqs.setQueueAttributes(b -> b.queueUrl(existing).attributes(attributes));
            }
        } else {
            Map<QueueAttributeName, String> create = new LinkedHashMap<>(attributes);
            if (fifo) {
                create.put(QueueAttributeName.FIFO_QUEUE, "true");
            }
            String queueName = name;
            url = sqs.createQueue(b -> b.queueName(queueName).attributes(create)).queueUrl();
        }
        String queueUrl = url;
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return Provisioned.created(existed, queueUrl, queueUrl,
                Map.of("Arn", arn, "QueueName", name, "QueueUrl", queueUrl));
    }

    private String existingUrl(String name) {
        try {
            return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            return null;
        } catch (SqsException e) {
            // Some servers answer with the query-protocol code instead of the modelled exception.
            String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
            if (code.contains("NonExistentQueue") || code.contains("QueueDoesNotExist")) {
                return null;
            }
            throw e;
        }
    }
}
