package dev.sluice.local.edge;

/**
 * One AWS service behind the edge endpoint (SQS, EventBridge, Lambda). The edge asks each service in turn
 * whether it accepts a request (by {@code X-Amz-Target} prefix or REST path) and hands it to the first that does.
 */
public interface EdgeService {

    /** True when this service owns the request (decided from target header and path only, never the body). */
    boolean accepts(AwsRequest request);

    /** Handles the request; domain errors become AWS-shaped error responses here, at the edge. */
    AwsResponse handle(AwsRequest request) throws Exception;
}
