package dev.tessera.generation.modelfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns header bytes into validated tensor entries. Trusts nothing: every field's type and range is
 * checked, and the byte ranges must tile the data section exactly (no overlaps, gaps or trailing
 * bytes), as the safetensors specification requires.
 */
final class SafetensorsHeaderParser {

    static final String METADATA_KEY = "__metadata__";
    /** Most dimensions a tensor may have; Tessera's have at most 4 (convolution weights). */
    static final int MAX_RANK = 8;

    private final Path file;

    SafetensorsHeaderParser(Path file) {
        this.file = file;
    }

    record Header(List<TensorEntry> entries, Map<String, String> metadata) {}

    Header parse(byte[] headerBytes, long dataLength) throws ModelFileException {
        JsonNode root = parseJson(decodeUtf8(headerBytes));
        if (!root.isObject()) {
            throw fail("header is not a JSON object");
        }
        Map<String, String> metadata = Map.of();
        List<TensorEntry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(field.getValue());
            } else {
                entries.add(parseEntry(field.getKey(), field.getValue()));
            }
        }
        checkTiling(entries, dataLength);
        return new Header(List.copyOf(entries), metadata);
    }

    private String decodeUtf8(byte[] bytes) throws ModelFileException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw fail("header is not valid UTF-8");
        }
    }

    private JsonNode parseJson(String text) throws ModelFileException {
        try {
            JsonNode node = StrictJson.mapper().readTree(text);
            if (node == null || node.isMissingNode()) {
                throw fail("header is not JSON (it is empty)");
            }
            return node;
        } catch (JsonProcessingException e) {
            String detail = e.getOriginalMessage();
            if (detail != null && detail.startsWith("Duplicate field")) {
                throw fail("header has a duplicate key: " + detail, e);
            }
            throw fail("header is not valid JSON: " + detail, e);
        }
    }

    private Map<String, String> parseMetadata(JsonNode node) throws ModelFileException {
        if (!node.isObject()) {
            throw fail("__metadata__ must be an object of string values");
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw fail("__metadata__ value for '" + entry.getKey() + "' must be a string, was "
                        + entry.getValue().getNodeType());
            }
            out.put(entry.getKey(), entry.getValue().textValue());
        }
        return out;
    }

    private TensorEntry parseEntry(String name, JsonNode node) throws ModelFileException {
        if (name.isEmpty()) {
            throw fail("tensor name is empty");
        }
        if (!node.isObject()) {
            throw fail("tensor '" + name + "' must be an object");
        }
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            String key = property.getKey();
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw fail("tensor '" + name + "' has unknown field '" + key + "'");
            }
        }
        SafetensorsDType dtype = parseDtype(name, node.get("dtype"));
        long[] shape = parseShape(name, node.get("shape"));
        long[] offsets = parseOffsets(name, node.get("data_offsets"));
        long expected;
        try {
            expected = Math.multiplyExact(TensorData.elementCount(shape), (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw fail("tensor '" + name + "' shape overflows: the product of its dimensions is too large");
        }
        long actual = offsets[1] - offsets[0];
        if (expected != actual) {
            throw fail("tensor '" + name + "' shape x dtype size is " + expected
                    + " bytes but its data_offsets span " + actual + " bytes");
        }
        return new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private SafetensorsDType parseDtype(String name, JsonNode node) throws ModelFileException {
        if (node == null || !node.isTextual()) {
            throw fail("tensor '" + name + "' dtype must be a string");
        }
        return SafetensorsDType.byName(node.textValue())
                .orElseThrow(() -> fail("tensor '" + name + "' has unknown dtype '" + node.textValue() + "'"));
    }

    private long[] parseShape(String name, JsonNode node) throws ModelFileException {
        if (node == null || !node.isArray()) {
            throw fail("tensor '" + name + "' shape must be an array");
        }
        if (node.size() > MAX_RANK) {
            throw fail("tensor '" + name + "' has " + node.size() + " dimensions; at most " + MAX_RANK + " are allowed");
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = nonNegativeLong(node.get(i), "tensor '" + name + "' shape entry " + i);
        }
        return shape;
    }

    private long[] parseOffsets(String name, JsonNode node) throws ModelFileException {
        if (node == null || !node.isArray() || node.size() != 2) {
            throw fail("tensor '" + name + "' data_offsets must be an array of 2 integers");
        }
        long begin = nonNegativeLong(node.get(0), "tensor '" + name + "' data_offsets begin");
        long end = nonNegativeLong(node.get(1), "tensor '" + name + "' data_offsets end");
        if (begin > end) {
            throw fail("tensor '" + name + "' data_offsets begin " + begin + " is after end " + end);
        }
        return new long[] {begin, end};
    }

    private long nonNegativeLong(JsonNode node, String what) throws ModelFileException {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw fail(what + " must be a non-negative integer, was " + node);
        }
        long value = node.longValue();
        if (value < 0) {
            throw fail(what + " must be a non-negative integer, was " + value);
        }
        return value;
    }

    private void checkTiling(List<TensorEntry> entries, long dataLength) throws ModelFileException {
        List<TensorEntry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long position = 0;
        TensorEntry previous = null;
        for (TensorEntry entry : byOffset) {
            if (entry.end() > dataLength) {
                throw fail("tensor '" + entry.name() + "' data_offsets end " + entry.end()
                        + " is past the end of the file (data section has " + dataLength + " bytes)");
            }
            if (entry.begin() < position) {
                throw fail("tensors '" + previous.name() + "' and '" + entry.name() + "' have overlapping ranges");
            }
            if (entry.begin() > position) {
                throw fail("gap of " + (entry.begin() - position) + " unused bytes before tensor '"
                        + entry.name() + "' at offset " + position);
            }
            position = entry.end();
            previous = entry;
        }
        if (position != dataLength) {
            throw fail((dataLength - position) + " trailing bytes after the last tensor");
        }
    }

    private ModelFileException fail(String problem) {
        return new ModelFileException(file, problem);
    }

    private ModelFileException fail(String problem, Throwable cause) {
        return new ModelFileException(file, problem, cause);
    }
}
