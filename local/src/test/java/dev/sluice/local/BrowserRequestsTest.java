package dev.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Json;
import dev.sluice.local.core.LocalClients;
import dev.sluice.testing.HandlerZip;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBus;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What a web page open in the developer's browser can make the browser send to a running local cloud: no-cors
 * posts with browser-safe content types, requests with its own Origin, links and images (Sec-Fetch-Site), requests
 * through a DNS name rebound to 127.0.0.1 (Host). Every one is refused, and the SDK then finds nothing created, sent
 * or started. One configured origin ({@code http://localhost:3000}) gets CORS answers and works.
 */
class BrowserRequestsTest {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String EVIL = "https://evil.example";
    private static final String APP = "http://localhost:3000";
    private static final HandlerZip ZIP = HandlerZip.of("fixture.Hello", """
            package fixture;
            public class Hello implements com.amazonaws.services.lambda.runtime.RequestHandler<Object, String> {
                public String handleRequest(Object input, com.amazonaws.services.lambda.runtime.Context context) {
                    return "hello";
                }
            }
            """);

    @TempDir
    static Path work;

    private static LocalCloud cloud;
    private static LambdaClient lambda;
    private static SqsClient sqs;
    private static EventBridgeClient events;
    private static String queueUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws IOException {
        cloud = LocalCloud.builder().port(0).workDir(work.resolve("cloud")).autoscaling(false)
                .allowedOrigins(List.of(APP)).build().start();
        lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), "us-east-1");
        sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1");
        events = LocalClients.create(EventBridgeClient.builder(), cloud.endpoint(), "us-east-1");
        SdkBytes zip = SdkBytes.fromByteArray(ZIP.bytes());
        lambda.createFunction(b -> b.functionName("victim").runtime(Runtime.JAVA21).handler("fixture.Hello")
                .role("arn:aws:iam::000000000000:role/test").code(c -> c.zipFile(zip)));
        queueUrl = sqs.createQueue(b -> b.queueName("victim")).queueUrl();
    }

    @AfterAll
    static void stop() {
        lambda.close();
        sqs.close();
        events.close();
        cloud.close();
    }

    @Test
    void textPlainPostCannotCreateAFunction() throws Exception {
        String body = createFunctionJson("planted");

        HttpResponse<String> noCors = send(request("POST", "/2015-03-31/functions", "text/plain;charset=UTF-8", body));
        HttpResponse<String> fromPage = send(request("POST", "/2015-03-31/functions", "text/plain;charset=UTF-8", body)
                .header("Origin", EVIL));

        assertThat(noCors.statusCode()).isEqualTo(415);
        assertThat(noCors.body()).contains("UnsupportedMediaTypeException").contains("application/json");
        assertThat(fromPage.statusCode()).isEqualTo(403);
        assertThat(functionNames()).containsExactly("victim");
    }

    @Test
    void foreignOriginIsRefusedOnEveryApi() throws Exception {
        List<HttpRequest.Builder> attempts = List.of(
                request("POST", "/2015-03-31/functions", "application/json", createFunctionJson("planted")),
                request("POST", "/2015-03-31/functions/victim/invocations", "application/json", "{}"),
                request("GET", "/2015-03-31/functions", null, null),
                request("POST", "/", "application/x-amz-json-1.1", "{\"Name\":\"planted\"}")
                        .header("X-Amz-Target", "AWSEvents.CreateEventBus"),
                request("POST", "/", "application/x-amz-json-1.1",
                        "{\"Entries\":[{\"Source\":\"a\",\"DetailType\":\"b\",\"Detail\":\"{}\"}]}")
                        .header("X-Amz-Target", "AWSEvents.PutEvents"),
                request("POST", "/", "application/x-amz-json-1.0", "{\"QueueName\":\"planted\"}")
                        .header("X-Amz-Target", "AmazonSQS.CreateQueue"),
                request("POST", "/", "application/x-www-form-urlencoded",
                        "Action=CreateQueue&QueueName=planted&Version=2012-11-05"),
                request("POST", "/000000000000/victim", "application/x-www-form-urlencoded",
                        "Action=SendMessage&MessageBody=planted&Version=2012-11-05"),
                request("GET", "/_sluice/status", null, null),
                request("GET", "/_sluice/metrics", null, null),
                request("GET", "/_sluice/health", null, null));

        for (HttpRequest.Builder attempt : attempts) {
            HttpResponse<String> response = send(attempt.header("Origin", EVIL));

            assertThat(response.statusCode()).as(response.request().method() + " " + response.request().uri())
                    .isEqualTo(403);
            assertThat(JSON.readTree(response.body()).get("message").asText()).contains("origin " + EVIL);
        }
        assertThat(functionNames()).containsExactly("victim");
        assertThat(cloud.lambda().environments("victim").running()).as("nothing was invoked").isZero();
        assertThat(events.listEventBuses(b -> { }).eventBuses()).extracting(EventBus::name).doesNotContain("planted");
        assertThat(sqs.listQueues().queueUrls()).noneMatch(url -> url.endsWith("/planted"));
        assertThat(messagesIn(queueUrl)).isZero();
    }

    @Test
    void linksAndImagesOfOtherSitesAreRefused() throws Exception {
        HttpResponse<String> image = send(request("GET", "/000000000000/victim?Action=GetQueueAttributes"
                + "&AttributeName.1=All&Version=2012-11-05", null, null).header("Sec-Fetch-Site", "cross-site")
                .header("Sec-Fetch-Mode", "no-cors").header("Sec-Fetch-Dest", "image"));
        HttpResponse<String> typed = send(request("GET", "/_sluice/dashboard", null, null)
                .header("Sec-Fetch-Site", "none").header("Sec-Fetch-Mode", "navigate"));

        assertThat(image.statusCode()).isEqualTo(403);
        assertThat(typed.statusCode()).as("the developer typing the dashboard's address").isEqualTo(200);
    }

    @Test
    void foreignHostIsRefusedEvenWithoutOrigin() throws Exception {
        int port = cloud.endpoint().getPort();
        String status = raw("GET /_sluice/status HTTP/1.1\r\nHost: rebind.evil.example:" + port
                + "\r\nConnection: close\r\n\r\n");
        String body = createFunctionJson("planted");
        String create = raw("POST /2015-03-31/functions HTTP/1.1\r\nHost: rebind.evil.example:" + port
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\nConnection: close\r\n\r\n" + body);

        assertThat(status).startsWith("HTTP/1.1 403").contains("Host rebind.evil.example is not served");
        assertThat(create).startsWith("HTTP/1.1 403");
        assertThat(functionNames()).containsExactly("victim");
    }

    @Test
    void queryProtocolGetsMayOnlyRead() throws Exception {
        HttpResponse<String> send = send(request("GET", "/000000000000/victim?Action=SendMessage&MessageBody=planted"
                + "&Version=2012-11-05", null, null));
        HttpResponse<String> receive = send(request("GET", "/?Action=ReceiveMessage&QueueUrl=" + queueUrl
                + "&Version=2012-11-05", null, null));
        HttpResponse<String> list = send(request("GET", "/?Action=ListQueues&Version=2012-11-05", null, null));

        assertThat(send.statusCode()).isEqualTo(400);
        assertThat(send.body()).contains("<Code>InvalidAction</Code>").contains("SendMessage")
                .contains("must be sent by POST");
        assertThat(send.headers().firstValue("content-type")).hasValue("text/xml");
        assertThat(receive.statusCode()).isEqualTo(400);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(queueUrl);
        assertThat(messagesIn(queueUrl)).isZero();
    }

    @Test
    void configuredOriginGetsCorsAndWorks() throws Exception {
        HttpResponse<String> preflight = send(request("OPTIONS", "/2015-03-31/functions", null, null)
                .header("Origin", APP).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,authorization,x-amz-date"));
        HttpResponse<String> created = send(request("POST", "/2015-03-31/functions", "application/json",
                createFunctionJson("from-app")).header("Origin", APP));
        HttpResponse<String> queues = send(request("POST", "/", "application/x-amz-json-1.0", "{}")
                .header("X-Amz-Target", "AmazonSQS.ListQueues").header("Origin", APP));
        HttpResponse<String> dashboardFetch = send(request("GET", "/_sluice/status", null, null)
                .header("Origin", cloud.endpoint().toString()).header("Sec-Fetch-Site", "same-origin"));

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue(APP);
        assertThat(preflight.headers().firstValue("access-control-allow-headers"))
                .hasValue("content-type,authorization,x-amz-date");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("access-control-allow-origin")).hasValue(APP);
        assertThat(queues.statusCode()).isEqualTo(200);
        assertThat(queues.headers().firstValue("access-control-allow-origin")).hasValue(APP);
        assertThat(dashboardFetch.statusCode()).isEqualTo(200);
        assertThat(functionNames()).contains("from-app");
        lambda.deleteFunction(b -> b.functionName("from-app"));
    }

    @Test
    void builderRefusesMalformedSettingsAtOnce() {
        assertThatThrownBy(() -> LocalCloud.builder().allowedOrigins(List.of("*")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowAnyOrigin()");
        assertThatThrownBy(() -> LocalCloud.builder().allowedHosts(List.of("devbox.lan:4566")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without port");
    }

    private static String createFunctionJson(String name) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("FunctionName", name).put("Runtime", "java21")
                .put("Handler", "fixture.Hello").put("Role", "arn:aws:iam::000000000000:role/test");
        body.putObject("Code").put("ZipFile", Base64.getEncoder().encodeToString(ZIP.bytes()));
        return body.toString();
    }

    private static List<String> functionNames() {
        return lambda.listFunctions().functions().stream().map(FunctionConfiguration::functionName).sorted().toList();
    }

    /** Visible and in flight. */
    private static int messagesIn(String url) {
        var attributes = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static HttpRequest.Builder request(String method, String path, String contentType, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(cloud.endpoint() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return contentType == null ? builder : builder.header("Content-Type", contentType);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request written as is (the JDK client sets Host itself). */
    private static String raw(String request) throws IOException {
        return RawHttp.exchange(cloud.endpoint().getPort(), request);
    }
}
