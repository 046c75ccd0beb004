package dev.sluice.local.events;

import dev.sluice.local.core.CloudContext;
import java.time.Clock;

/**
 * What every source of events (scheduled rules, replays) hands them on with: the buses whose rules match them, the
 * dispatcher delivering to the rules' targets, the clock stamping each match and the context of their envelopes.
 */
record EventRouting(CloudContext context, Clock clock, EventBuses buses, TargetDispatcher dispatcher) {
}
