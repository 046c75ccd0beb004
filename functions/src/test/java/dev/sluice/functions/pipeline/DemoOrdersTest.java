package dev.sluice.functions.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sluice.functions.fulfillment.Inventory;
import dev.sluice.functions.fulfillment.OrderValidator;
import dev.sluice.functions.model.OrderPlaced;
import dev.sluice.functions.review.ReviewRules;

/**
 * The demo's traffic (events/demo-orders.json, which {@code sluice local up --demo} sends) and the tests' mix
 * ({@link OrderMix}) stay two files: the demo's is a list of weighted PutEvents entries, a format with no room for the
 * outcome an order must get, and the mix holds edge cases (a total of exactly the threshold, a zero quantity...) the
 * demo does not need. This test keeps them from drifting apart: each demo order, judged by the functions' own rules
 * and configuration, must come to an outcome some kind of the mix comes to, so the demo shows nothing the tests do
 * not check.
 */
class DemoOrdersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OrderValidator validator;
    private final Inventory inventory;
    private final ReviewRules review = new ReviewRules(OrderMix.REVIEW_THRESHOLD, 50);

    DemoOrdersTest() throws Exception {
        Properties config = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            config.load(reader);
        }
        validator = new OrderValidator(Set.of(config.getProperty("sluice.currencies").split(",")));
        Map<String, Integer> stock = new HashMap<>();
        config.stringPropertyNames().stream().filter(key -> key.startsWith("sluice.stock."))
                .forEach(key -> stock.put(key.substring("sluice.stock.".length()).replace("\"", ""),
                        Integer.valueOf(config.getProperty(key))));
        inventory = new Inventory(stock);
    }

    @Test
    void everyDemoOrderComesToAnOutcomeOfTheTestsMix() throws Exception {
        Set<String> mixOutcomes = IntStream.range(0, OrderMix.CYCLE_LENGTH)
                .mapToObj(n -> outcome(JSON.valueToTree(OrderMix.order("mix", n).detail())))
                .collect(Collectors.toCollection(TreeSet::new));
        JsonNode demo = JSON.readTree(Files.readString(Path.of("events/demo-orders.json")).replace("${seq}", "0"));
        List<String> demoOutcomes = new ArrayList<>();
        demo.forEach(entry -> demoOutcomes.add(outcome(entry.get("Detail"))));

        assertThat(mixOutcomes).as("outcomes of the demo's orders, and those of the tests' mix")
                .containsAll(demoOutcomes);
    }

    /** What the pipeline does with an order: fulfilled, or rejected for the fields named; and flagged or not. */
    private String outcome(JsonNode detail) {
        OrderPlaced order = JSON.convertValue(detail, OrderPlaced.class);
        List<String> reasons = validator.check(order);
        if (reasons.isEmpty()) {
            reasons = inventory.shortages(order.items());
        }
        String fields = reasons.stream().map(reason -> reason.split(" ")[0].replaceAll("\\[\\d+]", "[]"))
                .collect(Collectors.toCollection(TreeSet::new)).toString();
        return (reasons.isEmpty() ? "fulfilled" : "rejected for " + fields)
                + (review.exceedsThreshold(order) ? ", flagged" : "");
    }
}
