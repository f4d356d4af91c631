package dev.tessera.generation.modelfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The typed view of a model file's {@code __metadata__}: the model's config as JSON (key
 * {@value #CONFIG_KEY}), optional provenance, and any other string entries kept as they are.
 */
public record ModelMetadata(Optional<String> configJson, Optional<Provenance> provenance, Map<String, String> extra) {

    public static final String CONFIG_KEY = "tessera.config";

    public ModelMetadata {
        Objects.requireNonNull(configJson, "configJson");
        Objects.requireNonNull(provenance, "provenance");
        extra = Map.copyOf(extra);
        for (String key : extra.keySet()) {
            if (key.equals(CONFIG_KEY) || key.startsWith(Provenance.PREFIX) || key.startsWith(Provenance.METRIC_PREFIX)) {
                throw new IllegalArgumentException("extra metadata must not use the reserved key '" + key + "'");
            }
        }
    }

    public static ModelMetadata empty() {
        return new ModelMetadata(Optional.empty(), Optional.empty(), Map.of());
    }

    /** Metadata carrying a config record serialised as JSON plus provenance. */
    public static ModelMetadata of(Object config, Provenance provenance) {
        try {
            String json = StrictJson.mapper().writeValueAsString(config);
            return new ModelMetadata(Optional.of(json), Optional.ofNullable(provenance), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("config cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public ModelMetadata withExtra(Map<String, String> entries) {
        Map<String, String> merged = new TreeMap<>(extra);
        merged.putAll(entries);
        return new ModelMetadata(configJson, provenance, merged);
    }

    /** The flat string map stored in the file. */
    public Map<String, String> toMap() {
        Map<String, String> out = new TreeMap<>(extra);
        configJson.ifPresent(json -> out.put(CONFIG_KEY, json));
        provenance.ifPresent(p -> out.putAll(p.toMetadata()));
        return out;
    }

    /**
     * Splits a flat metadata map into its typed parts.
     *
     * @throws IllegalArgumentException when provenance entries are present but malformed
     */
    public static ModelMetadata fromMap(Map<String, String> map) {
        Map<String, String> extra = new TreeMap<>();
        map.forEach((key, value) -> {
            boolean reserved = key.equals(CONFIG_KEY) || key.startsWith(Provenance.PREFIX)
                    || key.startsWith(Provenance.METRIC_PREFIX);
            if (!reserved) {
                extra.put(key, value);
            }
        });
        Optional<Provenance> provenance = Provenance.presentIn(map)
                ? Optional.of(Provenance.fromMetadata(map))
                : Optional.empty();
        return new ModelMetadata(Optional.ofNullable(map.get(CONFIG_KEY)), provenance, extra);
    }

    /**
     * Parses the config JSON strictly into {@code type} (usually a record).
     *
     * @throws IllegalArgumentException naming the field when the config is missing or has wrong types
     */
    public <T> T config(Class<T> type) {
        String json = configJson.orElseThrow(
                () -> new IllegalArgumentException("metadata has no '" + CONFIG_KEY + "' entry"));
        try {
            return StrictJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw mismatch(type, e);
        }
    }

    /**
     * As {@link #config(Class)}, with {@code absentFields} standing in for fields the JSON lacks: for
     * fields added to a config record after files were written without them. Every field the JSON
     * has is still read strictly.
     */
    public <T> T config(Class<T> type, Map<String, ?> absentFields) {
        String json = configJson.orElseThrow(
                () -> new IllegalArgumentException("metadata has no '" + CONFIG_KEY + "' entry"));
        try {
            JsonNode tree = StrictJson.mapper().readTree(json);
            if (tree instanceof ObjectNode object) {
                absentFields.forEach((field, value) -> {
                    if (!object.has(field)) {
                        object.set(field, StrictJson.mapper().valueToTree(value));
                    }
                });
            }
            return StrictJson.mapper().treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw mismatch(type, e);
        }
    }

    /**
     * The config's own rule when the record refused a value (it names the field: "depth must be
     * between 1 and 64, was 100000"), else Jackson's complaint with the field it was reading.
     */
    private static IllegalArgumentException mismatch(Class<?> type, JsonProcessingException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException refused && refused.getMessage() != null) {
                return new IllegalArgumentException("config '" + CONFIG_KEY + "': " + refused.getMessage(), e);
            }
        }
        return new IllegalArgumentException("config '" + CONFIG_KEY + "' does not match "
                + type.getSimpleName() + fieldOf(e) + ": " + e.getOriginalMessage(), e);
    }

    /** Names the offending field, e.g. " at field 'width'", when Jackson knows it. */
    private static String fieldOf(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String path = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return " at field '" + path + "'";
        }
        return "";
    }
}
