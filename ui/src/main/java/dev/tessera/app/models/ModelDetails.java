package dev.tessera.app.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.generation.modelfile.DeclaredTensor;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsHeader;
import dev.tessera.generation.modelfile.SafetensorsReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the Models view shows about one model, read from the file's header only (never its
 * weights): the config, how it was made and what it measured, grouped into sections.
 */
public record ModelDetails(InstalledModel model, List<Entry> file, List<Entry> config, List<Entry> provenance,
        List<Entry> metrics, List<Entry> other) {

    /** One labelled value; {@code description} explains it in a tooltip. */
    public record Entry(String name, String value, String description) {}

    static final int LONG_VALUE = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVENANCE = "tessera.provenance.";
    private static final String METRIC = "tessera.metric.";
    private static final String TRAINING = "tessera.train.";
    private static final Map<String, String[]> TRAINING_LABELS = Map.of(
            "device", new String[] {"Trained on device", "the hardware the training ran on"},
            "trainer", new String[] {"Trainer", "the program that trained it"},
            "images_seen", new String[] {"Images seen", "training images drawn over the run"},
            "wall_seconds", new String[] {"Training time", "wall-clock time of the run"});
    private static final Map<String, String[]> PROVENANCE_LABELS = Map.of(
            "dataset", new String[] {"Training data", "the data set the weights were trained on"},
            "steps", new String[] {"Training steps", "optimiser steps the training ran"},
            "seed", new String[] {"Training seed", "the seed of the training run"},
            "date", new String[] {"Trained on", "when the training finished (UTC)"},
            "git_commit", new String[] {"Source commit", "the Tessera commit that trained it (-dirty: with local changes)"});

    public ModelDetails {
        file = List.copyOf(file);
        config = List.copyOf(config);
        provenance = List.copyOf(provenance);
        metrics = List.copyOf(metrics);
        other = List.copyOf(other);
    }

    /** Reads the header of the model's file; an unreadable file gives details with its problem. */
    public static ModelDetails of(InstalledModel model) {
        List<Entry> file = new ArrayList<>();
        file.add(new Entry("Name", model.name(), "the file name without .safetensors"));
        file.add(new Entry("Kind", model.kind(), "what the model does (tessera.model)"));
        file.add(new Entry("Source", model.source() == InstalledModel.Source.BUNDLED ? "bundled with Tessera"
                : "imported by you", "bundled models ship with the app and cannot be removed"));
        file.add(new Entry("Size", formatSize(model.sizeBytes()), model.sizeBytes() + " bytes"));
        file.add(new Entry("File", model.file().toString(), "where the model is stored"));
        Map<String, String> metadata;
        try {
            SafetensorsHeader header = SafetensorsReader.readHeader(model.file());
            metadata = new TreeMap<>(header.metadata());
            file.add(new Entry("Parameters", String.format(Locale.ROOT, "%,d", storedValues(header)),
                    "numbers in the file's tensors (an INT4 file stores its packed codes and scales)"));
        } catch (ModelFileException e) {
            file.add(new Entry("Problem", e.problem(), "why this file cannot be used"));
            return new ModelDetails(model, file, List.of(), List.of(), List.of(), List.of());
        }
        List<Entry> config = configEntries(metadata.remove("tessera.config"));
        List<Entry> provenance = new ArrayList<>();
        List<Entry> metrics = new ArrayList<>();
        List<Entry> other = new ArrayList<>();
        metadata.remove("tessera.model");
        metadata.forEach((key, value) -> {
            if (key.startsWith(PROVENANCE)) {
                String field = key.substring(PROVENANCE.length());
                String[] label = PROVENANCE_LABELS.getOrDefault(field, new String[] {field, key});
                provenance.add(new Entry(label[0], value, label[1]));
            } else if (key.startsWith(TRAINING)) {
                String field = key.substring(TRAINING.length());
                String[] label = TRAINING_LABELS.getOrDefault(field, new String[] {field, key});
                provenance.add(new Entry(label[0], field.equals("wall_seconds") ? formatSeconds(value) : value, label[1]));
            } else if (key.startsWith(METRIC)) {
                metrics.add(MetricLabels.entry(key.substring(METRIC.length()), value));
            } else {
                other.add(new Entry(key, summarise(value), key));
            }
        });
        return new ModelDetails(model, file, config, provenance, metrics, other);
    }

    private static long storedValues(SafetensorsHeader header) {
        long total = 0;
        for (DeclaredTensor tensor : header.tensors().values()) {
            long count = 1;
            for (long dim : tensor.shape()) {
                count *= dim;
            }
            total += count;
        }
        return total;
    }

    /** "96 s", "11.2 min", "2.50 h". */
    private static String formatSeconds(String raw) {
        try {
            double s = Double.parseDouble(raw);
            return s < 120 ? String.format(Locale.ROOT, "%.0f s", s)
                    : s < 7200 ? String.format(Locale.ROOT, "%.1f min", s / 60)
                    : String.format(Locale.ROOT, "%.2f h", s / 3600);
        } catch (NumberFormatException e) {
            return raw;
        }
    }

    /** The details of any model file, read as {@link #of} reads an installed one. */
    public static ModelDetails ofFile(java.nio.file.Path file) {
        return of(ModelCatalogue.describe(file, InstalledModel.Source.USER));
    }

    /** Top-level config fields, one entry each; nested values stay compact JSON. */
    private static List<Entry> configEntries(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            JsonNode node = JSON.readTree(json);
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonNode value = field.getValue();
                entries.add(new Entry(field.getKey(), summarise(value.isValueNode() ? value.asText() : value.toString()),
                        "tessera.config → " + field.getKey()));
            }
            return entries;
        } catch (IOException e) {
            return List.of(new Entry("config", "not readable JSON: " + summarise(json), "tessera.config"));
        }
    }

    /** Keeps long values (the judge's vocabulary) from flooding the pane. */
    static String summarise(String value) {
        if (value.length() <= LONG_VALUE) {
            return value;
        }
        return value.substring(0, LONG_VALUE) + "… (" + String.format(Locale.ROOT, "%,d", value.length()) + " characters)";
    }

    static String formatMetric(String value) {
        try {
            return String.format(Locale.ROOT, "%.4g", Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return value;
        }
    }

    public static String formatSize(long bytes) {
        if (bytes < 0) {
            return "unknown";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
