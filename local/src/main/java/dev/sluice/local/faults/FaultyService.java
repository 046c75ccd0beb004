package dev.sluice.local.faults;

import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import dev.sluice.local.edge.Claim;
import dev.sluice.local.edge.EdgeService;
import java.util.List;
import java.util.Objects;

/**
 * An AWS service as the edge sees it, with the API faults declared for it: a request whose operation a fault fires
 * for is answered with that fault's {@link AwsError} and never reaches the service. The edge writes the error in the
 * request's protocol (AWS JSON {@code __type}, Query XML, REST-JSON), so SDKs and the AWS CLI see a real AWS error, with
 * their retries. Only calls through the edge are affected: the local cloud's own pollers and targets call the
 * services in-process, as AWS's own do not go through the public endpoint either.
 */
public final class FaultyService implements EdgeService {

    private final String service;
    private final EdgeService inner;
    private final Faults faults;

    /**
     * @param service the service's name in fault declarations: {@code sqs}, {@code events} or {@code lambda}
     */
    public FaultyService(String service, EdgeService inner, Faults faults) {
        if (Operations.of(service) == null) {
            throw new IllegalArgumentException("faults know the services " + Operations.services() + " (given "
                    + service + ")");
        }
        this.service = service;
        this.inner = Objects.requireNonNull(inner, "inner");
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    @Override
    public List<Claim> claims() {
        return inner.claims();
    }

    @Override
    public AwsResponse handle(AwsRequest request) throws Exception {
        String operation = faults.isEmpty() ? null : Operations.of(service, request);
        if (operation != null) {
            AwsError injected = faults.forOperation(service, operation);
            if (injected != null) {
                throw injected;
            }
        }
        return inner.handle(request);
    }

    @Override
    public boolean readsJson(AwsRequest request) {
        return inner.readsJson(request);
    }

    @Override
    public long maxBodyBytes(AwsRequest head) {
        return inner.maxBodyBytes(head);
    }
}
