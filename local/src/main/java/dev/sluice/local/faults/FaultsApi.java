package dev.sluice.local.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.edge.AwsRequest;
import dev.sluice.local.edge.AwsResponse;
import dev.sluice.local.edge.Claim;
import dev.sluice.local.edge.EdgeService;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /_sluice/faults} on the edge: declare, list and remove faults. Behind the edge's request guard like the rest of
 * {@code /_sluice} (loopback hosts, no foreign origin) and, taking JSON, refusing browser-safe content types.
 *
 * <ul>
 *   <li>{@code GET /_sluice/faults}: {@code {"faults":[...]}} with each fault's counters;
 *   <li>{@code POST /_sluice/faults} with a declaration ({@link FaultRequest}): 201 and the fault with its id;
 *   <li>{@code DELETE /_sluice/faults/{id}}: 204, or 404 when there is no such fault;
 *   <li>{@code DELETE /_sluice/faults}: 200 {@code {"removed":N}}.
 * </ul>
 */
public final class FaultsApi implements EdgeService {

    public static final String PATH = "/_sluice/faults";

    private final Faults faults;

    public FaultsApi(Faults faults) {
        this.faults = faults;
    }

    @Override
    public List<Claim> claims() {
        return List.of(Claim.path(PATH));
    }

    @Override
    public boolean readsJson(AwsRequest request) {
        return true;
    }

    @Override
    public AwsResponse handle(AwsRequest request) throws IOException {
        String path = request.path().endsWith("/") ? request.path().substring(0, request.path().length() - 1)
                : request.path();
        String method = request.method();
        if (path.equals(PATH)) {
            switch (method) {
                case "GET", "HEAD":
                    return list();
                case "POST":
                    return AwsResponse.json(201, Json.MAPPER.writeValueAsString(faults.add(body(request))));
                case "DELETE":
                    return AwsResponse.json(200, Json.object().put("removed", faults.removeAll()).toString());
                default:
                    throw notAllowed(path, method, "GET, HEAD, POST, DELETE");
            }
        }
        if (!path.startsWith(PATH + "/") || path.indexOf('/', PATH.length() + 1) >= 0) {
            throw new AwsError(404, "NotFound", "No page " + path + " (faults are at " + PATH + " and " + PATH
                    + "/{id})");
        }
        if (!method.equals("DELETE")) {
            throw notAllowed(path, method, "DELETE");
        }
        String id = URLDecoder.decode(path.substring(PATH.length() + 1), StandardCharsets.UTF_8);
        if (!faults.remove(id)) {
            throw new AwsError(404, "ResourceNotFoundException", "No fault " + id + " (GET " + PATH
                    + " lists them)");
        }
        return new AwsResponse(204, null, new byte[0], java.util.Map.of());
    }

    private AwsResponse list() throws IOException {
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("faults");
        for (Fault fault : faults.list()) {
            list.add(Json.MAPPER.valueToTree(fault));
        }
        return AwsResponse.json(200, answer.toString());
    }

    private static JsonNode body(AwsRequest request) {
        if (request.body() == null || request.body().length == 0) {
            throw AwsError.validation("POST " + PATH + " needs a JSON body such as {\"function\":\"NAME\","
                    + "\"action\":\"error\",\"errorType\":\"TYPE\"}");
        }
        try {
            return Json.MAPPER.readTree(request.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw AwsError.validation("The body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw AwsError.validation("The body is not JSON: " + e.getMessage());
        }
    }

    private static AwsError notAllowed(String path, String method, String allowed) {
        return new AwsError(405, "MethodNotAllowed", path + " answers " + allowed + " only (given " + method + ")")
                .withHeader("Allow", allowed);
    }
}
