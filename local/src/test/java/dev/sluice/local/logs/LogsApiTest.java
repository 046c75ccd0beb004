package dev.sluice.local.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.CloudUnderTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** The local CloudWatch Logs through the AWS SDK: groups, streams, put, get (tokens) and filter (patterns, paging). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogsApiTest {

    @RegisterExtension
    static final CloudUnderTest local = CloudUnderTest.perClass(b -> b.autoscaling(false));

    private final long now = System.currentTimeMillis();

    private void group(String group, String... streams) {
        local.logs().createLogGroup(r -> r.logGroupName(group));
        for (String stream : streams) {
            local.logs().createLogStream(r -> r.logGroupName(group).logStreamName(stream));
        }
    }

    private PutLogEventsResponse put(String group, String stream, long firstTimestamp, String... messages) {
        List<InputLogEvent> events = new ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            events.add(InputLogEvent.builder().timestamp(firstTimestamp + i).message(messages[i]).build());
        }
        return local.logs().putLogEvents(r -> r.logGroupName(group).logStreamName(stream).logEvents(events));
    }

    private static List<String> messages(List<?> events) {
        return events.stream().map(e -> e instanceof OutputLogEvent o ? o.message() : ((FilteredLogEvent) e).message())
                .toList();
    }

    @Test
    void groupsAreCreatedDescribedAndDeleted() {
        group("/app/created");

        List<LogGroup> groups = local.logs().describeLogGroups(r -> r.logGroupNamePrefix("/app/created")).logGroups();
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.logGroupName()).isEqualTo("/app/created");
            assertThat(g.arn()).isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:/app/created:*");
            assertThat(g.logGroupArn()).isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:/app/created");
            assertThat(g.creationTime()).isPositive();
        });
        assertThatThrownBy(() -> group("/app/created")).isInstanceOf(ResourceAlreadyExistsException.class)
                .hasMessageContaining("The specified log group already exists");
        local.logs().putRetentionPolicy(r -> r.logGroupName("/app/created").retentionInDays(7));
        assertThat(local.logs().describeLogGroups(r -> r.logGroupNamePattern("APP/CREA")).logGroups())
                .singleElement().extracting(LogGroup::retentionInDays).isEqualTo(7);
        local.logs().deleteLogGroup(r -> r.logGroupName("/app/created"));
        assertThat(local.logs().describeLogGroups(r -> r.logGroupNamePrefix("/app/created")).logGroups()).isEmpty();
        assertThatThrownBy(() -> local.logs().deleteLogGroup(r -> r.logGroupName("/app/created")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("log group does not exist");
    }

    @Test
    void describeLogGroupsPages() {
        IntStream.range(0, 5).forEach(i -> group("/paged/g" + i));

        List<String> names = local.logs().describeLogGroupsPaginator(r -> r.logGroupNamePrefix("/paged/").limit(2))
                .logGroups().stream().map(LogGroup::logGroupName).toList();

        assertThat(names).containsExactly("/paged/g0", "/paged/g1", "/paged/g2", "/paged/g3", "/paged/g4");
    }

    @Test
    void streamsAreListedByNameOrLastEventTime() {
        group("/app/streams", "b", "a", "c");
        put("/app/streams", "b", now, "late");
        put("/app/streams", "a", now - 1000, "early");

        List<LogStream> byName = local.logs().describeLogStreams(r -> r.logGroupName("/app/streams")).logStreams();
        List<LogStream> byTime = local.logs().describeLogStreams(r -> r.logGroupName("/app/streams")
                .orderBy(OrderBy.LAST_EVENT_TIME).descending(true)).logStreams();

        assertThat(byName).extracting(LogStream::logStreamName).containsExactly("a", "b", "c");
        assertThat(byTime).extracting(LogStream::logStreamName).containsExactly("b", "a", "c");
        assertThat(byName.get(0).firstEventTimestamp()).isEqualTo(now - 1000);
        assertThat(byName.get(0).arn()).endsWith(":log-group:/app/streams:log-stream:a");
        assertThat(byName.get(2).lastEventTimestamp()).isNull();
        assertThatThrownBy(() -> local.logs().describeLogStreams(r -> r.logGroupName("/app/streams")
                .orderBy(OrderBy.LAST_EVENT_TIME).logStreamNamePrefix("a")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> local.logs().createLogStream(r -> r.logGroupName("/app/none").logStreamName("x")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void getLogEventsReadsFromTheHeadOrTheTailAndStopsWithTheSameToken() {
        group("/app/get", "s");
        String[] messages = IntStream.range(0, 7).mapToObj(i -> "line " + i).toArray(String[]::new);
        put("/app/get", "s", now, messages);

        GetLogEventsResponse head = local.logs().getLogEvents(r -> r.logGroupName("/app/get").logStreamName("s")
                .startFromHead(true).limit(3));
        GetLogEventsResponse next = local.logs().getLogEvents(r -> r.logGroupName("/app/get").logStreamName("s")
                .nextToken(head.nextForwardToken()).limit(3));
        GetLogEventsResponse last = local.logs().getLogEvents(r -> r.logGroupName("/app/get").logStreamName("s")
                .nextToken(next.nextForwardToken()).limit(3));
        GetLogEventsResponse end = local.logs().getLogEvents(r -> r.logGroupName("/app/get").logStreamName("s")
                .nextToken(last.nextForwardToken()).limit(3));
        GetLogEventsResponse tail = local.logs().getLogEvents(r -> r.logGroupName("/app/get").logStreamName("s")
                .limit(2));
        GetLogEventsResponse back = local.logs().getLogEvents(r -> r.logGroupName("/app/get").logStreamName("s")
                .nextToken(tail.nextBackwardToken()).limit(2));

        assertThat(messages(head.events())).containsExactly("line 0", "line 1", "line 2");
        assertThat(messages(next.events())).containsExactly("line 3", "line 4", "line 5");
        assertThat(messages(last.events())).containsExactly("line 6");
        assertThat(end.events()).isEmpty();
        assertThat(end.nextForwardToken()).isEqualTo(last.nextForwardToken());
        assertThat(head.nextForwardToken()).startsWith("f/").hasSize(58);
        assertThat(head.nextBackwardToken()).startsWith("b/");
        assertThat(messages(tail.events())).containsExactly("line 5", "line 6");
        assertThat(messages(back.events())).containsExactly("line 3", "line 4");
        assertThat(head.events().get(0).timestamp()).isEqualTo(now);
        assertThat(head.events().get(0).ingestionTime()).isPositive();
        assertThat(local.logs().getLogEventsPaginator(r -> r.logGroupName("/app/get").logStreamName("s")
                .startFromHead(true).limit(2)).events()).hasSize(7);
        assertThat(messages(local.logs().getLogEvents(r -> r.logGroupName("/app/get").logStreamName("s")
                .startFromHead(true).startTime(now + 2).endTime(now + 4)).events())).containsExactly("line 2", "line 3");
    }

    @Test
    void filterLogEventsMatchesTermsPhrasesAlternativesAndExclusions() {
        group("/app/filter", "one", "two");
        put("/app/filter", "one", now, "ERROR disk full", "INFO started", "ERROR Retrying later", "WARN slow");
        put("/app/filter", "two", now + 10, "Task timed out after 3.00 seconds", "error in lower case");

        assertThat(messages(filter("ERROR"))).containsExactly("ERROR disk full", "ERROR Retrying later");
        assertThat(messages(filter("ERROR -Retrying"))).containsExactly("ERROR disk full");
        assertThat(messages(filter("?WARN ?INFO"))).containsExactly("INFO started", "WARN slow");
        assertThat(messages(filter("\"timed out after\""))).containsExactly("Task timed out after 3.00 seconds");
        assertThat(messages(filter("%^(WARN|INFO) %"))).containsExactly("INFO started", "WARN slow");
        assertThat(filter("")).hasSize(6);
        FilterLogEventsResponse inTwo = local.logs().filterLogEvents(r -> r.logGroupName("/app/filter")
                .logStreamNames("two").filterPattern("error"));
        assertThat(inTwo.events()).singleElement().satisfies(e -> {
            assertThat(e.logStreamName()).isEqualTo("two");
            assertThat(e.eventId()).hasSize(56);
            assertThat(e.timestamp()).isEqualTo(now + 11);
        });
        assertThat(messages(local.logs().filterLogEvents(r -> r.logGroupName("/app/filter").startTime(now + 1)
                .endTime(now + 3)).events())).containsExactly("INFO started", "ERROR Retrying later", "WARN slow");
        assertThatThrownBy(() -> filter("{ $.level = \"ERROR\" }")).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("JSON filter patterns").hasMessageContaining("not supported");
    }

    @Test
    void filterLogEventsPagesWithNextTokenAcrossStreamsInTimeOrder() {
        group("/app/pages", "x", "y");
        put("/app/pages", "x", now, "x0", "x1", "x2");
        put("/app/pages", "y", now, "y0", "y1", "y2");

        FilterLogEventsResponse first = local.logs().filterLogEvents(r -> r.logGroupName("/app/pages").limit(4));
        List<FilteredLogEvent> all = local.logs().filterLogEventsPaginator(r -> r.logGroupName("/app/pages").limit(4))
                .events().stream().toList();

        assertThat(first.events()).hasSize(4);
        assertThat(first.nextToken()).isNotNull();
        assertThat(messages(all)).containsExactly("x0", "y0", "x1", "y1", "x2", "y2");
        assertThat(all.stream().map(FilteredLogEvent::eventId).distinct()).hasSize(6);
    }

    @Test
    void putLogEventsFollowsAwsRules() {
        group("/app/put", "s");

        assertThatThrownBy(() -> local.logs().putLogEvents(r -> r.logGroupName("/app/put").logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(now).message("b").build(),
                InputLogEvent.builder().timestamp(now - 1).message("a").build())))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("chronological order");
        assertThatThrownBy(() -> put("/app/put", "missing", now, "x")).isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("log stream does not exist");
        PutLogEventsResponse tooNew = put("/app/put", "s", now + 3 * 3600_000L, "from the future");
        assertThat(tooNew.rejectedLogEventsInfo().tooNewLogEventStartIndex()).isZero();
        assertThat(local.logs().getLogEvents(r -> r.logGroupName("/app/put").logStreamName("s")).events()).isEmpty();
        assertThatThrownBy(() -> local.logs().createLogGroup(r -> r.logGroupName("bad name")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Value 'bad name' at 'logGroupName' failed to satisfy constraint");
    }

    @Test
    void aBrowserStylePostIsRefused() throws Exception {
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(local.endpoint().resolve("/"))
                        .header("Content-Type", "text/plain").header("X-Amz-Target", "Logs_20140328.CreateLogGroup")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"logGroupName\":\"/from/a/page\"}"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(local.logs().describeLogGroups(r -> r.logGroupNamePrefix("/from/")).logGroups()).isEmpty();
    }

    private List<FilteredLogEvent> filter(String pattern) {
        return local.logs().filterLogEvents(r -> r.logGroupName("/app/filter").filterPattern(pattern)).events();
    }
}
