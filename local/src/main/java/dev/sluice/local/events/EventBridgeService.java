package dev.sluice.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.core.CloudContext;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import dev.sluice.local.edge.Claim;
import dev.sluice.local.edge.EdgeService;
import dev.sluice.local.edge.RequestFields;
import dev.sluice.local.lambda.AsyncInvoker;
import dev.sluice.local.state.PendingWork;
import dev.sluice.local.state.StateException;
import dev.sluice.local.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
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
public final class EventBridgeService implements EdgeService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeService.class);
    private static final String TARGET_PREFIX = "AWSEvents.";
    private static final String DOCUMENT = "events";

    @FunctionalInterface
    private interface Action {
        JsonNode apply(RequestFields request);
    }

    // A detail's numbers pass through as written: read as doubles, 1000.00 would reach targets as 1000.0 and long
    // decimals (money) would be rounded.
    private final ObjectMapper json = Json.EXACT_NUMBERS;
    private final TargetDispatcher dispatcher;
    private final EventBuses buses;
    private final RuleSchedules schedules;
    private final Archives archives;
    private final Map<String, Action> actions = new HashMap<>();
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
        buses = new EventBuses(context, settings.clock().instant());
        this.dispatcher = new TargetDispatcher(new SqsSender(sqs), lambda, settings);
        this.schedules = new RuleSchedules(buses, dispatcher, json, settings.clock(), context);
        this.archives = new Archives(context, settings.clock());

        BusActions bus = new BusActions(buses, json, settings.clock());
        actions.put("CreateEventBus", bus::createEventBus);
        actions.put("DeleteEventBus", bus::deleteEventBus);
        actions.put("DescribeEventBus", bus::describeEventBus);
        actions.put("ListEventBuses", bus::listEventBuses);

        RuleActions rule = new RuleActions(buses, schedules, json, context.accountId());
        actions.put("PutRule", rule::putRule);
        actions.put("DescribeRule", rule::describeRule);
        actions.put("ListRules", rule::listRules);
        actions.put("ListRuleNamesByTarget", rule::listRuleNamesByTarget);
        actions.put("DeleteRule", rule::deleteRule);
        actions.put("EnableRule", rule::enableRule);
        actions.put("DisableRule", rule::disableRule);
        actions.put("TestEventPattern", rule::testEventPattern);

        TargetActions target = new TargetActions(buses, json);
        actions.put("PutTargets", target::putTargets);
        actions.put("RemoveTargets", target::removeTargets);
        actions.put("ListTargetsByRule", target::listTargetsByRule);

        ArchiveActions archive = new ArchiveActions(buses, archives, json);
        actions.put("CreateArchive", archive::createArchive);
        actions.put("DescribeArchive", archive::describeArchive);
        actions.put("ListArchives", archive::listArchives);
        actions.put("UpdateArchive", archive::updateArchive);
        actions.put("DeleteArchive", archive::deleteArchive);

        ReplayActions replay = new ReplayActions(buses, archives,
                new Replays(context, settings.clock(), buses, archives, dispatcher), json);
        actions.put("StartReplay", replay::startReplay);
        actions.put("DescribeReplay", replay::describeReplay);
        actions.put("ListReplays", replay::listReplays);
        actions.put("CancelReplay", replay::cancelReplay);

        PutEventsAction putEvents = new PutEventsAction(buses, archives, dispatcher, json, settings.clock(), context);
        actions.put("PutEvents", putEvents::putEvents);

        TagActions tags = new TagActions(buses, json);
        actions.put("TagResource", tags::tagResource);
        actions.put("UntagResource", tags::untagResource);
        actions.put("ListTagsForResource", tags::listTagsForResource);
    }

    @Override
    public List<Claim> claims() {
        return List.of(Claim.target(TARGET_PREFIX));
    }

    /** AWS JSON 1.1: every body is JSON. */
    @Override
    public boolean readsJson(AwsRequest request) {
        return true;
    }

    @Override
    public AwsResponse handle(AwsRequest request) throws JsonProcessingException {
        String target = request.target();
        String name = target == null || !target.startsWith(TARGET_PREFIX) ? "" : target.substring(TARGET_PREFIX.length());
        Action action = actions.get(name);
        if (action == null) {
            throw AwsError.badRequest("UnknownOperationException",
                    "Operation " + name + " is not supported by the local EventBridge.");
        }
        RequestFields fields = RequestFields.ofJsonBody(request.body(), json);
        JsonNode answer;
        try {
            answer = action.apply(fields);
        } catch (AwsError refused) {
            throw refused;
        } catch (RuntimeException e) {
            LOG.error("EventBridge {} failed", name, e);
            throw new AwsError(500, "InternalException", "Internal error in the local EventBridge: " + e);
        }
        if (state != null && CHANGES.contains(name)) {
            save(); // on disk before the caller hears of the change
        }
        return AwsResponse.awsJson(200, json.writeValueAsString(answer));
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
