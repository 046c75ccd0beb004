package dev.sluice.local.dashboard;

import dev.sluice.local.core.CloudContext;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import dev.sluice.local.edge.Claim;
import dev.sluice.local.lambda.LambdaService;
import dev.sluice.local.lambda.runtime.LambdaSettings;
import dev.sluice.local.status.SluiceService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sluice's own pages ({@code /_sluice/...}) over a real Lambda service with nothing deployed. */
class SluiceServiceTest {

    @TempDir
    Path work;

    private LambdaService lambda;
    private SluiceService sluice;

    @BeforeEach
    void start() {
        URI unused = URI.create("http://127.0.0.1:9");
        lambda = new LambdaService(new LambdaSettings(CloudContext.local(unused, "us-east-1"), work));
        sluice = new SluiceService(lambda, null, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        lambda.close();
    }

    @Test
    void claimsEverySluicePathAndAnswersGetAndHeadOnly() throws Exception {
        assertThat(sluice.claims()).containsExactly(Claim.path("/_sluice"));
        assertThat(sluice.handle(get("/_sluice/status")).status()).isEqualTo(200);
        assertThat(sluice.handle(get("/_sluice/history")).status()).isEqualTo(200);
        assertThat(sluice.handle(get("/_sluice/health")).status()).isEqualTo(200);
        assertThatThrownBy(() -> sluice.handle(get("/_sluice/nothing")))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> sluice.handle(new AwsRequest("POST", "/_sluice/metrics", null, Map.of(), new byte[0])))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.status()).isEqualTo(405));
    }

    @Test
    void servesOneSelfContainedPage() throws Exception {
        AwsResponse page = sluice.handle(get("/_sluice/dashboard"));
        String html = new String(page.body(), StandardCharsets.UTF_8);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(html).contains("/_sluice/history?seconds=", "/_sluice/status", "data-points", "data-max-running");
        // Nothing loaded from elsewhere: the machine running the cloud may have no internet.
        assertThat(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find()).isFalse();
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://");
    }

    @Test
    void metricsOfAnEmptyCloudDeclareEveryFamily() throws Exception {
        AwsResponse metrics = sluice.handle(get("/_sluice/metrics"));

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(ExpositionParser.parse(new String(metrics.body(), StandardCharsets.UTF_8)))
                .containsKeys("sluice_queue_visible_messages", "sluice_environments_running",
                        "sluice_mapping_invocations_total")
                .allSatisfy((name, family) -> assertThat(family.samples()).isEmpty());
    }

    @Test
    void theBarePrefixLeadsToTheDashboard() throws Exception {
        AwsResponse redirect = sluice.handle(get("/_sluice"));

        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.headers()).containsEntry("Location", "/_sluice/dashboard");
    }

    private static AwsRequest get(String path) {
        return new AwsRequest("GET", path, null, Map.of(), new byte[0]);
    }
}
