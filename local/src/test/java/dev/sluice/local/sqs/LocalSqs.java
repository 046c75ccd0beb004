package dev.sluice.local.sqs;

import dev.sluice.local.core.CloudContext;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.edge.EdgeServer;
import java.net.URI;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SQS behind a real edge on a free port of 127.0.0.1, and an SDK client of it through the edge. */
final class LocalSqs implements AutoCloseable {

    static final String REGION = "us-east-1";

    final EdgeServer edge;
    final SqsService sqs;
    final SqsClient client;

    LocalSqs() {
        edge = new EdgeServer("127.0.0.1", 0);
        sqs = new SqsService(CloudContext.local(edge.endpoint(), REGION));
        edge.register(sqs);
        edge.start();
        client = clientOf(edge.endpoint());
    }

    /** An SDK client of {@code endpoint} (the edge, or ElasticMQ itself). */
    static SqsClient clientOf(URI endpoint) {
        return LocalClients.create(SqsClient.builder(), endpoint, REGION);
    }

    @Override
    public void close() {
        client.close();
        edge.close();
        sqs.close();
    }
}
