package dev.tessera.app.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.ensemble.afa.AfaTrainingSpec;
import dev.tessera.ensemble.afa.AggregatorConfig;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetTrainingSpec;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.training.AcditTrainingSpec;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.judge.JudgeTrainingSpec;
import dev.tessera.generation.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a training config file ({@code configs/*.json}): which model to train, where its file and
 * checkpoints go, and the model's and the training loop's settings. Relative paths are relative to
 * the installation root so a config means the same thing from any working directory.
 */
public final class TrainingRunFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingRunFile() {}

    /** The kinds of model the {@code train} command can train. */
    public enum ModelKind { JUDGE, ACDIT, UNET, AFA }

    /** Reads the "model" field. */
    public static ModelKind kind(Path file) throws IOException {
        String kind = text(read(file), "model", file);
        try {
            return ModelKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": unknown model kind '" + kind + "' (known: judge, acdit, unet, afa)");
        }
    }

    /** The top-level keys each kind of config may have; any other key is a typo, refused by name. */
    private static final Set<String> COMMON_KEYS = Set.of("model", "description", "output", "workDir", "styles", "training");
    private static final Set<String> ACDIT_KEYS = Set.of("acdit", "initFrom");
    private static final Set<String> JUDGE_KEYS = Set.of("judge");
    private static final Set<String> ACDIT_MODEL_KEYS = Set.of("imageSize", "patchSize", "blockSide", "width", "depth",
            "heads", "mlpRatio", "promptDim", "ropeBase", "frames", "framesPerBlock");
    private static final Set<String> JUDGE_MODEL_KEYS = Set.of("widths", "groups");

    public static JudgeTrainingSpec judge(Path file, Path root) throws IOException {
        JsonNode node = read(file);
        try {
            requireKnownKeys(node, "", union(COMMON_KEYS, JUDGE_KEYS));
            requireKnownKeys(required(node, "judge", file), "judge.", JUDGE_MODEL_KEYS);
            List<EmojiStyle> styles = styles(node, file);
            JsonNode judge = required(node, "judge", file);
            List<Integer> widths = new ArrayList<>();
            for (JsonNode w : required(judge, "widths", file)) {
                if (!w.canConvertToInt()) {
                    throw new IllegalArgumentException("judge.widths must hold integers, found " + w);
                }
                widths.add(w.intValue());
            }
            int groups = required(judge, "groups", file).asInt();
            TrainingConfig training = TrainingConfig.fromJson(required(node, "training", file).toString());
            return new JudgeTrainingSpec(root.resolve(text(node, "output", file)), root.resolve(text(node, "workDir", file)),
                    styles, widths, groups, training);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static AcditTrainingSpec acdit(Path file, Path root) throws IOException {
        JsonNode node = read(file);
        try {
            requireKnownKeys(node, "", union(COMMON_KEYS, ACDIT_KEYS));
            requireKnownKeys(required(node, "acdit", file), "acdit.", ACDIT_MODEL_KEYS);
            List<EmojiStyle> styles = styles(node, file);
            JsonNode a = required(node, "acdit", file);
            AcditConfig model = new AcditConfig(integer(a, "imageSize", file), integer(a, "patchSize", file),
                    integer(a, "blockSide", file), integer(a, "width", file), integer(a, "depth", file),
                    integer(a, "heads", file), integer(a, "mlpRatio", file), integer(a, "promptDim", file),
                    required(a, "ropeBase", file).asDouble(), styles, optionalInteger(a, "frames", file),
                    optionalInteger(a, "framesPerBlock", file));
            TrainingConfig training = TrainingConfig.fromJson(required(node, "training", file).toString());
            // Optional: continue from a finished model of the same architecture (see docs/training.md).
            Optional<Path> initFrom = node.has("initFrom")
                    ? Optional.of(root.resolve(text(node, "initFrom", file))) : Optional.empty();
            return new AcditTrainingSpec(root.resolve(text(node, "output", file)), root.resolve(text(node, "workDir", file)),
                    model, training, initFrom);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Refuses the first key not in {@code known}, suggesting the known key it differs from only in case. */
    private static void requireKnownKeys(JsonNode node, String prefix, Set<String> known) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("field '" + prefix.replaceAll("\\.$", "") + "' must be an object");
        }
        for (String key : (Iterable<String>) node::fieldNames) {
            if (!known.contains(key)) {
                String hint = known.stream().filter(k -> k.equalsIgnoreCase(key)).findFirst()
                        .map(k -> " (did you mean '" + k + "'?)").orElse("");
                throw new IllegalArgumentException("unknown field '" + prefix + key + "'" + hint + "; known fields: "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static final Set<String> UNET_KEYS = Set.of("unet", "initFrom", "dataStyles");
    /** The "unet" object's fields, each required. */
    private static final Set<String> UNET_MODEL_KEYS = Set.of("imageSize", "channels", "channelMultipliers", "resBlocks",
            "attentionResolutions", "groups", "heads", "promptDim");

    /**
     * A U-Net run: the architecture under "unet", the styles it knows under "styles", and optionally
     * "dataStyles" (the styles whose images it trains on; all of "styles" when left out) and "initFrom" (a
     * finished U-Net of the same architecture to fine-tune, as each expert does from the common base).
     */
    public static UnetTrainingSpec unet(Path file, Path root) throws IOException {
        JsonNode node = read(file);
        try {
            requireKnownKeys(node, "", union(COMMON_KEYS, UNET_KEYS));
            JsonNode u = required(node, "unet", file);
            requireKnownKeys(u, "unet.", UNET_MODEL_KEYS);
            List<EmojiStyle> styles = styles(node, file);
            UnetConfig model = new UnetConfig(integer(u, "imageSize", file), integer(u, "channels", file),
                    integers(u, "channelMultipliers", file), integer(u, "resBlocks", file),
                    integers(u, "attentionResolutions", file), integer(u, "groups", file), integer(u, "heads", file),
                    integer(u, "promptDim", file), styles);
            TrainingConfig training = TrainingConfig.fromJson(required(node, "training", file).toString());
            Optional<Path> initFrom = node.has("initFrom")
                    ? Optional.of(root.resolve(text(node, "initFrom", file))) : Optional.empty();
            List<EmojiStyle> dataStyles = node.has("dataStyles") ? styles(node, "dataStyles", file) : styles;
            return new UnetTrainingSpec(root.resolve(text(node, "output", file)), root.resolve(text(node, "workDir", file)),
                    model, training, initFrom, dataStyles);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static final Set<String> AFA_KEYS = Set.of("experts", "aggregator", "dataStyles");
    private static final Set<String> AGGREGATOR_KEYS = Set.of("width");

    /**
     * An AFA aggregator run: "experts" lists the expert U-Net files (relative to the root, one architecture),
     * "aggregator" its settings, optionally "dataStyles" (the styles whose images it trains on; all the experts
     * know when left out). The experts' architecture comes from their files, so the config has no "styles".
     */
    public static AfaTrainingSpec afa(Path file, Path root) throws IOException {
        JsonNode node = read(file);
        try {
            requireKnownKeys(node, "", union(COMMON_KEYS, AFA_KEYS));
            if (node.has("styles")) {
                throw new IllegalArgumentException("an afa run takes its styles from the experts; use 'dataStyles' to"
                        + " train on some of them");
            }
            JsonNode a = required(node, "aggregator", file);
            requireKnownKeys(a, "aggregator.", AGGREGATOR_KEYS);
            List<Path> experts = new ArrayList<>();
            for (JsonNode expert : required(node, "experts", file)) {
                if (!expert.isTextual() || expert.asText().isBlank()) {
                    throw new IllegalArgumentException("field 'experts' must hold file names, found " + expert);
                }
                experts.add(root.resolve(expert.asText()));
            }
            TrainingConfig training = TrainingConfig.fromJson(required(node, "training", file).toString());
            List<EmojiStyle> dataStyles = node.has("dataStyles") ? styles(node, "dataStyles", file) : List.of();
            return new AfaTrainingSpec(root.resolve(text(node, "output", file)), root.resolve(text(node, "workDir", file)),
                    experts, new AggregatorConfig(integer(a, "width", file)), training, dataStyles);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static List<Integer> integers(JsonNode node, String field, Path file) {
        List<Integer> values = new ArrayList<>();
        for (JsonNode value : required(node, field, file)) {
            if (!value.canConvertToInt() || !value.isIntegralNumber()) {
                throw new IllegalArgumentException("field '" + field + "' must hold integers, found " + value);
            }
            values.add(value.intValue());
        }
        return values;
    }

    private static List<EmojiStyle> styles(JsonNode node, Path file) {
        return styles(node, "styles", file);
    }

    private static List<EmojiStyle> styles(JsonNode node, String field, Path file) {
        List<EmojiStyle> styles = new ArrayList<>();
        for (JsonNode style : required(node, field, file)) {
            styles.add(EmojiStyle.parse(style.asText()));
        }
        return styles;
    }

    private static int integer(JsonNode node, String field, Path file) {
        JsonNode value = required(node, field, file);
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("field '" + field + "' must be an integer, found " + value);
        }
        return value.intValue();
    }

    /** A video model's frame fields; 1 (an image model) when left out. */
    private static int optionalInteger(JsonNode node, String field, Path file) {
        return node.has(field) ? integer(node, field, file) : 1;
    }

    private static JsonNode read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": training config not found");
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(file + ": a training config must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field, Path file) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String field, Path file) {
        JsonNode value = required(node, field, file);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }
}
