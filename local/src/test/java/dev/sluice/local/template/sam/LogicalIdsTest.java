package dev.sluice.local.template.sam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ids must come out as aws-sam-translator's: the data is hashed as Python's json.dumps writes it. */
class LogicalIdsTest {

    @Test
    void jsonIsPythonsCompactSortedAsciiForm() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("b", List.of(1, 2.5, true, "x"));
        data.put("a", "é \"q\" \\ \n\u0001\u007f");
        data.put("c", null);
        data.put("d", 1e-5);
        data.put("e", 12345678.0);

        assertThat(LogicalIds.pythonJson(data)).isEqualTo(
                "{\"a\":\"\\u00e9 \\\"q\\\" \\\\ \\n\\u0001\\u007f\",\"b\":[1,2.5,true,\"x\"],\"c\":null,"
                        + "\"d\":1e-05,\"e\":12345678.0}");
    }

    @Test
    void hashIsTheFirstTenHexDigitsOfSha1() {
        assertThat(LogicalIds.generate("FnVersion", Map.of("S3Key", "k", "S3Bucket", "b"), null))
                .matches("FnVersion[0-9a-f]{10}")
                .isEqualTo("FnVersion" + sha1("{\"S3Bucket\":\"b\",\"S3Key\":\"k\"}").substring(0, 10));
        assertThat(LogicalIds.generate("FnVersion", Map.of("x", 1), "0123456789abcdef")).isEqualTo("FnVersion0123456789");
        assertThat(LogicalIds.generate("FnRole", null, null)).isEqualTo("FnRole");
    }

    @Test
    void targetIdsStayWithin64Characters() {
        String id = "F".repeat(60);
        assertThat(LogicalIds.targetId("FnEv", "LambdaTarget")).isEqualTo("FnEvLambdaTarget");
        assertThat(LogicalIds.targetId(id, "LambdaTarget")).hasSize(64).endsWith("LambdaTarget");
    }

    private static String sha1(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
