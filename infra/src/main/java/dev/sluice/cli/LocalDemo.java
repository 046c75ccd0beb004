package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code sluice local up --demo}: puts a steady stream of {@code OrderPlaced} events on the orders bus, mixed so that
 * every outcome occurs, and prints one line of live counts per second (sent, outbox messages by event type, DLQ
 * depths). The outbox is drained as it is counted.
 */
final class LocalDemo implements AutoCloseable {

    /** Which outcome an order is built to produce. */
    enum Kind { VALID, WRONG_TOTAL, UNKNOWN_CURRENCY, OUT_OF_STOCK, LARGE }

    static final String SOURCE = "shop.orders";
    static final String DETAIL_TYPE = "OrderPlaced";
    private static final List<String> CURRENCIES = List.of("USD", "EUR", "GBP");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TICK_MILLIS = 100;
    /** ANSI "erase to end of line": a shorter count line leaves nothing of the longer one before it. */
    private static final String CLEAR_TO_END_OF_LINE = "\u001B[K";

    private final String busName;
    private final int rate;
    private final PrintWriter out;
    private final boolean redraw;
    private final EventBridgeClient events;
    private final SqsClient sqs;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "sluice-demo");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, Long> outbox = new TreeMap<>();
    private long startedNanos;
    private long next;

    /** @param redraw rewrite the count line in place (a terminal) instead of printing a new one each second */
    LocalDemo(URI endpoint, String region, String busName, int rate, PrintWriter out, boolean redraw) {
        this.busName = busName;
        this.rate = rate;
        this.out = out;
        this.redraw = redraw;
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        this.events = EventBridgeClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        this.sqs = SqsClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    void start() {
        startedNanos = System.nanoTime();
        out.println("demo: " + rate + " orders/s on bus " + busName + " (mix: 60% valid, 10% wrong total,"
                + " 5% unknown currency, 10% out of stock, 15% over 1000)");
        out.flush();
        scheduler.scheduleAtFixedRate(this::produceSafely, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(this::reportSafely, 1, 1, TimeUnit.SECONDS);
    }

    /** The outcome order {@code n} is built for: a fixed cycle of 20. */
    static Kind kind(long n) {
        int slot = (int) (n % 20);
        if (slot < 12) {
            return Kind.VALID;
        }
        if (slot < 14) {
            return Kind.WRONG_TOTAL;
        }
        if (slot < 15) {
            return Kind.UNKNOWN_CURRENCY;
        }
        if (slot < 17) {
            return Kind.OUT_OF_STOCK;
        }
        return Kind.LARGE;
    }

    /**
     * The detail of order {@code n}. Stock and currencies follow functions/src/main/resources/application.properties:
     * SKU-1 (100), SKU-2 (5), SKU-3 (1000); USD, EUR, GBP; totals above 1000 are flagged for review.
     */
    static Map<String, Object> order(long n) {
        Kind kind = kind(n);
        List<Map<String, Object>> items = new ArrayList<>();
        switch (kind) {
            case OUT_OF_STOCK -> items.add(n % 2 == 0 ? item("SKU-2", 6, "12.00") : item("SKU-404", 1, "3.00"));
            case LARGE -> items.add(item("SKU-3", 10, "150.00"));
            default -> {
                items.add(item("SKU-1", 1 + (int) (n % 3), "19.99"));
                items.add(item("SKU-3", 1 + (int) (n % 2), "5.50"));
            }
        }
        BigDecimal total = BigDecimal.ZERO;
        for (Map<String, Object> item : items) {
            total = total.add(((BigDecimal) item.get("unitPrice")).multiply(BigDecimal.valueOf((int) item.get("quantity"))));
        }
        if (kind == Kind.WRONG_TOTAL) {
            total = total.add(BigDecimal.TEN);
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("orderId", String.format(Locale.ROOT, "demo-%08d", n));
        detail.put("customerId", "customer-" + (n % 50));
        detail.put("items", items);
        detail.put("total", total);
        detail.put("currency", kind == Kind.UNKNOWN_CURRENCY ? "XYZ" : CURRENCIES.get((int) (n % CURRENCIES.size())));
        return detail;
    }

    private static Map<String, Object> item(String sku, int quantity, String unitPrice) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("sku", sku);
        item.put("quantity", quantity);
        item.put("unitPrice", new BigDecimal(unitPrice));
        return item;
    }

    private void produceSafely() {
        try {
            produce();
        } catch (RuntimeException e) {
            failed.incrementAndGet();
        }
    }

    /** Sends what is due by now at the configured rate, in PutEvents calls of at most 10 entries. */
    private void produce() {
        long due = (System.nanoTime() - startedNanos) * rate / 1_000_000_000L;
        while (next < due) {
            List<PutEventsRequestEntry> batch = new ArrayList<>();
            while (next < due && batch.size() < 10) {
                batch.add(PutEventsRequestEntry.builder().eventBusName(busName).source(SOURCE).detailType(DETAIL_TYPE)
                        .detail(json(order(next))).build());
                next++;
            }
            PutEventsResponse response = events.putEvents(b -> b.entries(batch));
            int failures = response.failedEntryCount() == null ? 0 : response.failedEntryCount();
            sent.addAndGet(batch.size() - failures);
            failed.addAndGet(failures);
        }
    }

    private void reportSafely() {
        String line;
        try {
            line = report();
        } catch (RuntimeException e) {
            line = "demo: cannot read the queues: " + e.getMessage();
        }
        if (redraw) {
            out.print("\r" + line + CLEAR_TO_END_OF_LINE);
        } else {
            out.println(line);
        }
        out.flush();
    }

    private String report() {
        List<String> queueUrls = sqs.listQueues(b -> b.maxResults(1000)).queueUrls();
        for (String url : queueUrls) {
            String name = url.substring(url.lastIndexOf('/') + 1);
            if (name.equals("outbox") || name.endsWith("-outbox")) {
                drainOutbox(url);
            }
        }
        StringBuilder line = new StringBuilder("sent ").append(sent.get());
        if (failed.get() > 0) {
            line.append(" (failed ").append(failed.get()).append(')');
        }
        line.append(" | outbox ");
        line.append(outbox.isEmpty() ? "0" : String.join(", ",
                outbox.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
        List<String> dlqs = new ArrayList<>();
        for (String url : queueUrls) {
            String name = url.substring(url.lastIndexOf('/') + 1);
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.contains("dlq") || lower.contains("deadletter") || lower.contains("dead-letter")) {
                String depth = sqs.getQueueAttributes(b -> b.queueUrl(url)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
                dlqs.add(name + " " + depth);
            }
        }
        line.append(" | DLQ ").append(dlqs.isEmpty() ? "none" : String.join(", ", dlqs));
        return line.toString();
    }

    private void drainOutbox(String url) {
        for (int round = 0; round < 100; round++) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            if (messages.isEmpty()) {
                return;
            }
            List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
            for (Message m : messages) {
                outbox.merge(eventType(m.body()), 1L, Long::sum);
                deletes.add(DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle())
                        .build());
            }
            sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(deletes));
        }
    }

    static String eventType(String body) {
        try {
            JsonNode type = JSON.readTree(body).path("eventType");
            return type.isTextual() ? type.asText() : "unknown";
        } catch (Exception e) {
            return "unreadable";
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        if (redraw) {
            out.println(); // keep the last count line
            out.flush();
        }
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
        sqs.close();
    }
}
