package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.core.CloudContext;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.AwsJsonService;
import dev.sluice.local.lambda.AsyncInvoker;
import dev.sluice.local.state.PendingWork;
import dev.sluice.local.state.StateException;
import dev.sluice.local.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/**
 * The local EventBridge: the AWS JSON 1.1 protocol ({@code X-Amz-Target: AWSEvents.<Action>}) over an in-memory
 * core of buses, rules and targets. Patterns are matched by AWS's event-ruler; matched events are delivered to
 * SQS queues and Lambda functions asynchronously, with each target's retry policy and dead-letter queue. Archives keep
 * the events of their bus; replays send them through the bus's rules again ({@link Archives}, {@link Replays}).
 *
 * <p>This class is only the protocol edge: it parses the body and picks the action; refusals are {@link AwsError}s,
 * which the edge writes as AWS JSON ({@code {"__type": "...", "message": "..."}}).
 */
public final class EventBridgeService extends AwsJsonService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeService.class);
    private static final String DOCUMENT = "events";

    // A detail's numbers pass through as written: read as doubles, 1000.00 would reach targets as 1000.0 and long
    // decimals (money) would be rounded.
    private final ObjectMapper json;
    private final TargetDispatcher dispatcher;
    private final EventBuses buses;
    private final RuleSchedules schedules;
    private final Archives archives;
    /** Where buses, rules and targets are kept (null: in memory only), and the lock that orders their snapshots. */
    private volatile StateStore state;
    private final Object saving = new Object();

    /**
     * @param context the region and account in ARNs and event envelopes
     * @param sqs     delivers to SQS targets and dead-letter queues
     * @param lambda  delivers to Lambda targets (asynchronous invoke)
     */
    public EventBridgeService(CloudContext context, SqsClient sqs, AsyncInvoker lambda) {
        this(context, sqs, lambda, DeliverySettings.DEFAULT);
    }

    /**
     * @param clock what scheduled rules and event times read (tests pass one they move on); delivery backs off in
     *              real time
     */
    public EventBridgeService(CloudContext context, SqsClient sqs, AsyncInvoker lambda, Clock clock) {
        this(context, sqs, lambda, DeliverySettings.DEFAULT.withClock(clock));
    }

    EventBridgeService(CloudContext context, SqsClient sqs, AsyncInvoker lambda, DeliverySettings settings) {
        super("AWSEvents.", "EventBridge", "InternalException", Json.EXACT_NUMBERS);
        this.json = Json.EXACT_NUMBERS;
        buses = new EventBuses(context, settings.clock().instant());
        this.dispatcher = new TargetDispatcher(new SqsSender(sqs), lambda, settings);
        EventRouting routing = new EventRouting(context, settings.clock(), buses, dispatcher);
        this.schedules = new RuleSchedules(routing, json);
        this.archives = new Archives(context, settings.clock());

        BusActions bus = new BusActions(buses, json, settings.clock());
        action("CreateEventBus", bus::createEventBus);
        action("DeleteEventBus", bus::deleteEventBus);
        action("DescribeEventBus", bus::describeEventBus);
        action("ListEventBuses", bus::listEventBuses);

        RuleActions rule = new RuleActions(buses, schedules, json, context.accountId());
        action("PutRule", rule::putRule);
        action("DescribeRule", rule::describeRule);
        action("ListRules", rule::listRules);
        action("ListRuleNamesByTarget", rule::listRuleNamesByTarget);
        action("DeleteRule", rule::deleteRule);
        action("EnableRule", rule::enableRule);
        action("DisableRule", rule::disableRule);
        action("TestEventPattern", rule::testEventPattern);

        TargetActions target = new TargetActions(buses, json);
        action("PutTargets", target::putTargets);
        action("RemoveTargets", target::removeTargets);
        action("ListTargetsByRule", target::listTargetsByRule);

        ArchiveActions archive = new ArchiveActions(buses, archives, json);
        action("CreateArchive", archive::createArchive);
        action("DescribeArchive", archive::describeArchive);
        action("ListArchives", archive::listArchives);
        action("UpdateArchive", archive::updateArchive);
        action("DeleteArchive", archive::deleteArchive);

        ReplayActions replay = new ReplayActions(buses, archives,
                new Replays(routing, archives), json);
        action("StartReplay", replay::startReplay);
        action("DescribeReplay", replay::describeReplay);
        action("ListReplays", replay::listReplays);
        action("CancelReplay", replay::cancelReplay);

        PutEventsAction putEvents = new PutEventsAction(buses, archives, dispatcher, json, settings.clock(), context);
        action("PutEvents", putEvents::putEvents);

        TagActions tags = new TagActions(buses, json);
        action("TagResource", tags::tagResource);
        action("UntagResource", tags::untagResource);
        action("ListTagsForResource", tags::listTagsForResource);
    }

    @Override
    protected void succeeded(String name) {
        if (state != null && CHANGES.contains(name)) {
            save(); // on disk before the caller hears of the change
        }
    }

    /** The actions that change buses, rules, targets, tags or archives (replays are not kept). */
    private static final java.util.Set<String> CHANGES = java.util.Set.of("CreateEventBus", "DeleteEventBus", "PutRule",
            "DeleteRule", "EnableRule", "DisableRule", "PutTargets", "RemoveTargets", "TagResource", "UntagResource",
            "CreateArchive", "UpdateArchive", "DeleteArchive");

    /**
     * Keeps the buses, rules, targets, tags and accepted deliveries in {@code store} from now on, after putting back
     * what it holds from an earlier run. Call once, before the service is reachable.
     */
    public void persistTo(StateStore store) {
        int rules = store.document(DOCUMENT).map(text -> {
            try {
                JsonNode doc = json.readTree(text);
                int restored = buses.restore(doc, json);
                archives.restore(doc.path("archives"), buses);
                return restored;
            } catch (IOException e) {
                throw new StateException("the EventBridge resources in " + store.file() + " cannot be read ("
                        + e.getMessage() + "); start fresh with 'sluice local up --fresh'", e);
            }
        }).orElse(0);
        int deliveries = dispatcher.persistTo(new PendingWork(store, "events-delivery"), buses, json);
        int archived = archives.persistTo(new PendingWork(store, "events-archive"), json);
        state = store;
        if (rules + deliveries + archived > 0) {
            LOG.info("Restored {} rule(s), {} pending delivery(ies) and {} archived event(s) from {}", rules,
                    deliveries, archived, store.file());
        }
    }

    private void save() {
        java.util.concurrent.CompletableFuture<Void> written;
        synchronized (saving) {
            var doc = buses.snapshot();
            doc.set("archives", archives.snapshot());
            written = state.putDocument(DOCUMENT, Json.write(doc));
        }
        StateStore.await(written);
    }

    /** Deliveries accepted and not done yet (queued, on their way or waiting for a retry). */
    public long pendingDeliveries() {
        return dispatcher.pending();
    }

    /**
     * Delivery counters per target, keyed {@code <eventBusName>/<ruleName>/<targetId>} in key order. A target
     * appears once a rule has matched an event for it; counters survive the target's removal.
     */
    public Map<String, TargetStats> stats() {
        return dispatcher.stats();
    }

    /** How many events each rule has matched, keyed {@code <eventBusName>/<ruleName>}. */
    public Map<String, Long> ruleMatches() {
        return dispatcher.ruleMatches();
    }

    /**
     * Fires the scheduled rule {@code ruleName} of the default bus now (its targets get the scheduled event, as when
     * it is due) and returns the event's id: {@code sluice trigger}. A rule that does not exist, has no schedule or is
     * disabled is refused with an {@link AwsError} naming the problem.
     */
    public String trigger(String ruleName) {
        return schedules.trigger(ruleName);
    }

    /** Stops schedules and delivery; events queued or waiting for a retry are discarded. The SQS client stays open. */
    @Override
    public void close() {
        schedules.close();
        dispatcher.close();
    }
}
