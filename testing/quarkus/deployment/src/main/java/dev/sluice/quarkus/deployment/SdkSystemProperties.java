package dev.sluice.quarkus.deployment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AWS SDK's own system properties, set while the local cloud runs: SDK clients the app builds itself (not through
 * a Quarkus extension) take endpoint, region and credentials from them as they would from {@code AWS_ENDPOINT_URL},
 * {@code AWS_REGION} and the key variables. Whatever was set before is put back on {@link #restore()}.
 */
final class SdkSystemProperties {

    static final String ENDPOINT = "aws.endpointUrl";

    private final Map<String, String> previous = new LinkedHashMap<>();

    private SdkSystemProperties() {
    }

    /** @param marker a property naming who set them ({@code dev.sluice.devservices.*-endpoint}), set to the endpoint too */
    static SdkSystemProperties set(String endpoint, String region, String marker) {
        SdkSystemProperties properties = new SdkSystemProperties();
        properties.put(marker, endpoint);
        properties.put(ENDPOINT, endpoint);
        properties.put("aws.region", region);
        properties.put("aws.accessKeyId", LocalCloudDevService.ACCESS_KEY);
        properties.put("aws.secretAccessKey", LocalCloudDevService.SECRET_KEY);
        return properties;
    }

    private void put(String key, String value) {
        previous.put(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    synchronized void restore() {
        previous.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        previous.clear();
    }
}
