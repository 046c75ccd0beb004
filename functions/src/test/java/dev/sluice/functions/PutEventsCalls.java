package dev.sluice.functions;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;

/**
 * Records the size of every PutEvents call sent by the clients it is added to: the app's EventBridge client through
 * {@code sluice.eventbridge-interceptors} (FunctionProfile), a test's own client directly. Only calls that went out
 * count: the client's priming call is stopped before it is sent. (Not a global SDK interceptor file: the local cloud's
 * own clients, in Quarkus' build class loader, would load it too, and the SDK refuses a class from another loader.)
 */
public class PutEventsCalls implements ExecutionInterceptor {

    private static final List<Integer> ENTRIES_PER_CALL = new ArrayList<>();

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof PutEventsRequest request) {
            synchronized (ENTRIES_PER_CALL) {
                ENTRIES_PER_CALL.add(request.entries().size());
            }
        }
    }

    /** The entry count of each call since the last {@code take}, in order; starts counting afresh. */
    public static List<Integer> take() {
        synchronized (ENTRIES_PER_CALL) {
            List<Integer> calls = List.copyOf(ENTRIES_PER_CALL);
            ENTRIES_PER_CALL.clear();
            return calls;
        }
    }
}
