package dev.sluice.local.faults;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One declared fault, as the {@code /_sluice/faults} API and {@code /_sluice/status} show it. It targets either a
 * function's invocations ({@code function}) or an API operation ({@code service} and {@code operation}).
 *
 * @param id           assigned when the fault is added ({@code fault-1}, {@code fault-2}, ...)
 * @param function     the function whose invocations it changes (may not exist yet), or null
 * @param service      {@code sqs}, {@code events} or {@code lambda} for an API fault, else null
 * @param operation    the API operation ({@code SendMessage}, {@code PutEvents}, {@code Invoke}), else null
 * @param action       what it does (an API fault's is always {@code error})
 * @param errorType    a function error's {@code errorType}, or an API error's code
 * @param errorMessage the error's message (a default names the fault)
 * @param status       an API error's HTTP status
 * @param delayMillis  a delay's length
 * @param probability  the chance that it fires on each matching invocation or request, 0 to 1
 * @param seed         the seed of its random decisions (the same seed gives the same sequence), or null
 * @param matched      invocations or requests it was asked about since it was added (listings only)
 * @param injected     of those, the ones it changed (listings only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Fault(String id, String function, String service, String operation, String action, String errorType,
                    String errorMessage, Integer status, Long delayMillis, double probability, Long seed,
                    Long matched, Long injected) {

    /** The action as an enum (the record keeps its wire name so that the JSON reads as the API takes it). */
    public FaultAction kind() {
        return FaultAction.parse(action);
    }

    public boolean targetsFunction() {
        return function != null;
    }

    /** One line for logs and tables: {@code fault-1 orders: error MyError p=0.5 seed=42}. */
    public String describe() {
        StringBuilder line = new StringBuilder(id == null ? "fault" : id).append(' ')
                .append(targetsFunction() ? function : service + " " + operation).append(": ").append(action);
        if (errorType != null) {
            line.append(' ').append(errorType);
        }
        if (status != null) {
            line.append(" (").append(status).append(')');
        }
        if (delayMillis != null) {
            line.append(' ').append(delayMillis).append(" ms");
        }
        line.append(" p=").append(probability);
        if (seed != null) {
            line.append(" seed=").append(seed);
        }
        return line.toString();
    }

    Fault withId(String newId) {
        return new Fault(newId, function, service, operation, action, errorType, errorMessage, status, delayMillis,
                probability, seed, null, null);
    }

    Fault withCounts(long matchedCount, long injectedCount) {
        return new Fault(id, function, service, operation, action, errorType, errorMessage, status, delayMillis,
                probability, seed, matchedCount, injectedCount);
    }
}
