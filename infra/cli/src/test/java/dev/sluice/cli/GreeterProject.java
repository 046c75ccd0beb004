package dev.sluice.cli;

import dev.sluice.testing.HandlerZip;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A CDK project for {@code local up --watch} tests that needs no CDK, built the way a real one is: its source
 * {@code src/version} names the handler version, its build script ({@code sh build.sh}, runs counted in
 * {@code target/build.log}) "compiles" it by copying that version's zip to {@code target/handler.zip}, failing with a
 * compiler-like message for the version {@code broken}, and waiting while {@link #hold()} exists; its app script copies the zip into the assembly as
 * {@code asset.<sha256>.zip} and writes the stack template from the source {@code stack.template.json}, naming the
 * asset in {@code Metadata aws:asset:path}, as the CDK does. The function {@value #FUNCTION} is a plain-Java handler
 * answering {@code {"greeting": "hello <version>", "pid": <its environment's process>}}; given {@code startedFile} and
 * {@code releaseFile} it writes the first and waits for the second before answering.
 */
record GreeterProject(Path root, Path zips) {

    static final String FUNCTION = "greeter";
    static final String HANDLER_CLASS = "fixture.Greeter";

    static final String TEMPLATE = """
            {"Resources": {
              "Greeter": {"Type": "AWS::Lambda::Function",
                "Metadata": {"aws:asset:path": "asset.ASSET_HASH.zip", "aws:asset:property": "Code"},
                "Properties": {"FunctionName": "greeter", "Runtime": "java21", "Handler": "fixture.Greeter::handleRequest",
                  "Timeout": 60, "Code": {"S3Bucket": "cdk-assets", "S3Key": "ASSET_HASH.zip"}}}%s
            }}
            """;
    private static final String MANIFEST = """
            {"version": "36.0.0", "artifacts": {
              "Greeter": {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
                "properties": {"templateFile": "Greeter.template.json"}}}}
            """;
    private static final String HANDLER = """
            package fixture;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.nio.file.*;
            import java.util.*;
            public class Greeter implements RequestHandler<Map<String, Object>, Map<String, Object>> {
                public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
                    try {
                        if (input.get("startedFile") != null) {
                            Files.writeString(Path.of((String) input.get("startedFile")), "started");
                            while (!Files.exists(Path.of((String) input.get("releaseFile")))) Thread.sleep(20);
                        }
                    } catch (Exception e) { throw new RuntimeException(e); }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("greeting", "GREETING");
                    out.put("pid", ProcessHandle.current().pid());
                    return out;
                }
            }
            """;
    private static final Map<String, byte[]> COMPILED = new HashMap<>();

    /** The zip of the handler version {@code version} ("v1", "v2"...), compiled once per test JVM. */
    static synchronized byte[] zip(String version) throws IOException {
        byte[] zip = COMPILED.get(version);
        if (zip == null) {
            zip = HandlerZip.of(HANDLER_CLASS, HANDLER.replace("GREETING", "hello " + version)).bytes();
            COMPILED.put(version, zip);
        }
        return zip.clone();
    }

    /**
     * A project in {@code dir}/project at handler version {@code version}, its versions' zips in {@code dir}/zips.
     *
     * @param cdkJsonExtra more cdk.json members, e.g. {@code , "watch": {...}} (empty for none)
     */
    static GreeterProject create(Path dir, String version, String cdkJsonExtra) throws IOException {
        Path root = Files.createDirectories(dir.resolve("project"));
        Path zips = Files.createDirectories(dir.resolve("zips"));
        for (String v : new String[] {"v1", "v2", "v3"}) {
            Files.write(zips.resolve(v + ".zip"), zip(v));
        }
        write(root.resolve("src/version"), version + "\n");
        write(root.resolve("stack.template.json"), TEMPLATE.formatted(""));
        write(root.resolve("manifest.json"), MANIFEST);
        write(root.resolve("build.sh"), """
                set -e
                while [ -f "ZIPS/hold" ]; do sleep 0.05; done
                mkdir -p target
                echo built >> target/build.log
                version=$(cat src/version)
                if [ "$version" = broken ]; then
                  echo "src/Greeter.java:3: error: ';' expected"
                  echo "1 error"
                  exit 1
                fi
                cp "ZIPS/$version.zip" target/handler.zip
                """.replace("ZIPS", zips.toString()));
        write(root.resolve("app.sh"), """
                set -e
                hash=$(sha256sum target/handler.zip | cut -c1-64)
                cp target/handler.zip "$CDK_OUTDIR/asset.$hash.zip"
                sed "s/ASSET_HASH/$hash/g" stack.template.json > "$CDK_OUTDIR/Greeter.template.json"
                cp manifest.json "$CDK_OUTDIR/manifest.json"
                """);
        write(root.resolve("cdk.json"), "{\"app\": \"sh app.sh\", \"build\": \"sh build.sh\"" + cdkJsonExtra + "}\n");
        return new GreeterProject(root, zips);
    }

    /**
     * Like {@link #create}, but the app unpacks the zip into a folder asset {@code asset.<sha256>} (as the CDK stages
     * {@code Code.fromAsset(folder)}): no build output is byte-identical to it.
     */
    static GreeterProject createWithFolderAsset(Path dir, String version) throws IOException {
        GreeterProject project = create(dir, version, "");
        Path jar = Path.of(System.getProperty("java.home"), "bin", "jar");
        write(project.root().resolve("app.sh"), """
                set -e
                root=$(pwd)
                hash=$(sha256sum target/handler.zip | cut -c1-64)
                mkdir -p "$CDK_OUTDIR/asset.$hash"
                (cd "$CDK_OUTDIR/asset.$hash" && "JAR" xf "$root/target/handler.zip")
                sed "s/asset.ASSET_HASH.zip/asset.$hash/g; s/ASSET_HASH/$hash/g" stack.template.json \
                  > "$CDK_OUTDIR/Greeter.template.json"
                cp manifest.json "$CDK_OUTDIR/manifest.json"
                """.replace("JAR", jar.toString()));
        return project;
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** While the file {@link #hold()} exists, the build script waits before building (a slow build). */
    Path hold() {
        return zips.resolve("hold");
    }

    /** How often the build script ran. */
    long builds() throws IOException {
        Path log = root.resolve("target/build.log");
        return Files.isRegularFile(log) ? Files.readAllLines(log).size() : 0;
    }

    /** Rewrites the build output as a build outside Sluice would. */
    void writeOutput(String version) throws IOException {
        Files.write(root.resolve("target/handler.zip"), zip(version));
    }

    void setVersion(String version) throws IOException {
        write(root.resolve("src/version"), version + "\n");
    }
}
