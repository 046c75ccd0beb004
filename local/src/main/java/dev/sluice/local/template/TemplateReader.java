package dev.sluice.local.template;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.sluice.local.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a CloudFormation template (JSON or YAML) into plain maps, lists, strings, numbers and booleans.
 * YAML short forms ({@code !Ref X}, {@code !GetAtt A.B}, {@code !Sub ...}) become their long forms
 * ({@code {"Ref": "X"}}, {@code {"Fn::GetAtt": ["A", "B"]}}), so the rest of the code sees one shape.
 */
final class TemplateReader {

    private static final List<String> FUNCTION_TAGS = List.of("GetAtt", "Sub", "Join", "ImportValue", "Select",
            "Split", "If", "Equals", "And", "Or", "Not", "FindInMap", "GetAZs", "Base64", "Cidr", "ToJsonString",
            "Length",
            // Rule functions: only parsed, since Rules are not evaluated locally.
            "Contains", "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll");

    private TemplateReader() {
    }

    static Map<String, Object> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TemplateException("cannot read template " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(utf8(bytes));
        } catch (TemplateException e) {
            throw new TemplateException(file + ": " + e.getMessage(), e);
        }
    }

    /** The template's text; CloudFormation templates are UTF-8, so anything else fails naming the first bad byte. */
    static String utf8(byte[] bytes) {
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new TemplateException("not UTF-8 at byte " + in.position() + " (0x"
                    + String.format("%02X", bytes[in.position()] & 0xFF) + "): save the template as UTF-8");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    static Map<String, Object> parse(String text) {
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{")) {
            int skipped = text.length() - trimmed.length();
            int lineOffset = (int) text.substring(0, skipped).chars().filter(c -> c == '\n').count();
            try {
                return Json.MAPPER.reader().with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .forType(new TypeReference<LinkedHashMap<String, Object>>() { }).readValue(trimmed);
            } catch (IOException e) {
                if (e instanceof com.fasterxml.jackson.core.JsonParseException parse
                        && parse.getOriginalMessage().startsWith("Duplicate field")) {
                    String key = parse.getOriginalMessage().replaceFirst("^Duplicate field '(.*)'$", "$1");
                    throw new TemplateException("duplicate key '" + key + "' at line "
                            + (parse.getLocation().getLineNr() + lineOffset) + " (a key may appear once per object)");
                }
                throw new TemplateException("not valid JSON: " + e.getMessage());
            }
        }
        Object loaded;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            loaded = new Yaml(new IntrinsicConstructor(options), new Representer(new DumperOptions()),
                    new DumperOptions(), options, new CloudFormationResolver()).load(text);
        } catch (org.yaml.snakeyaml.constructor.DuplicateKeyException e) {
            String key = e.getProblem().replaceFirst("^found duplicate key ", "");
            throw new TemplateException("duplicate key '" + key + "' at line " + (e.getProblemMark().getLine() + 1)
                    + " (a key may appear once per mapping)");
        } catch (YAMLException e) {
            throw new TemplateException("not valid YAML: " + e.getMessage());
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new TemplateException("a template must be a JSON object or YAML mapping at the top level");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> template = (Map<String, Object>) map;
        return template;
    }

    /** Maps each short-form tag to the long form, {@code !GetAtt A.B} splitting into {@code [A, B]}. */
    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            for (String name : FUNCTION_TAGS) {
                yamlConstructors.put(new Tag("!" + name), new Intrinsic("Fn::" + name));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String function;

            Intrinsic(String function) {
                this.function = function;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = constructScalar(scalar);
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                if (function.equals("Fn::GetAtt") && value instanceof String dotted) {
                    int dot = dotted.indexOf('.');
                    value = dot < 0 ? List.of(dotted) : List.of(dotted.substring(0, dot), dotted.substring(dot + 1));
                }
                Map<String, Object> longForm = new LinkedHashMap<>();
                longForm.put(function, value);
                return longForm;
            }
        }
    }

    /**
     * YAML 1.1 would read {@code yes}/{@code no}/{@code on}/{@code off} as booleans and {@code 2010-09-09} as a
     * date; CloudFormation keeps them as strings. Only true/false, numbers and null are typed.
     */
    private static final class CloudFormationResolver extends Resolver {
        private static final Pattern BOOLEAN = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOLEAN, "tTfF");
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
