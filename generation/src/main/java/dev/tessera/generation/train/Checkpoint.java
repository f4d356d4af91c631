package dev.tessera.generation.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.SafetensorsWriter;
import dev.tessera.generation.modelfile.StrictJson;
import dev.tessera.generation.modelfile.TensorData;
import dev.tessera.generation.nn.ParameterStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything needed to continue a run exactly, in one safetensors file: parameters, EMA weights,
 * AdamW moments, the loss history, and in the metadata the step, the config and the RNG state
 * (seed and step, as the generators are counter-based). Written atomically, replacing the last one.
 */
public final class Checkpoint {

    static final String PARAMS = "param/";
    static final String EMA = "ema/";
    static final String FIRST_MOMENT = "adam.m/";
    static final String SECOND_MOMENT = "adam.v/";
    static final String LOSS_HISTORY = "train/loss_history";
    static final String STEP_KEY = "tessera.train.step";
    static final String CONFIG_KEY = "tessera.train.config";
    static final String RNG_KEY = "tessera.train.rng";

    /** Fields that may change between a run and its resumption without changing the result. */
    private static final List<String> FREE_FIELDS = List.of("checkpointEverySteps", "checkpointEveryMinutes");

    private Checkpoint() {}

    /** What a restore hands back besides the values written into the stores. */
    public record Restored(long step, float[] lossHistory) {}

    public static void write(Path file, TrainingConfig config, long step, float[] lossHistory,
            ParameterStore parameters, ExponentialMovingAverage ema, AdamW optimizer) throws ModelFileException {
        List<TensorData> tensors = new ArrayList<>();
        tensors.addAll(parameters.toTensors(PARAMS).values());
        tensors.addAll(ema.average().toTensors(EMA).values());
        tensors.addAll(optimizer.firstMoments().toTensors(FIRST_MOMENT).values());
        tensors.addAll(optimizer.secondMoments().toTensors(SECOND_MOMENT).values());
        ByteBuffer history = ByteBuffer.allocate(4 * lossHistory.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float loss : lossHistory) {
            history.putFloat(loss);
        }
        history.flip();
        tensors.add(new TensorData(LOSS_HISTORY, SafetensorsDType.F32, new long[] {lossHistory.length}, history));
        Map<String, String> metadata = new TreeMap<>();
        metadata.put(STEP_KEY, Long.toString(step));
        metadata.put(CONFIG_KEY, config.toJson());
        metadata.put(RNG_KEY, "counter-based seed=" + config.seed() + " step=" + step);
        SafetensorsWriter.write(file, tensors, metadata);
    }

    /** Overwrites the stores' values from the checkpoint and returns the step and loss history. */
    public static Restored restore(Path file, TrainingConfig config, ParameterStore parameters,
            ExponentialMovingAverage ema, AdamW optimizer) throws ModelFileException {
        SafetensorsFile read = SafetensorsReader.read(file);
        try {
            checkSameRun(read.metadata().get(CONFIG_KEY), config);
            long step = Long.parseLong(required(read, STEP_KEY));
            if (step < 0 || step > config.steps()) {
                throw new IllegalArgumentException("step " + step + " is outside the run of " + config.steps() + " steps");
            }
            Map<String, TensorData> tensors = read.tensorsByName();
            int expectedCount = 4 * parameters.size() + 1;
            if (tensors.size() != expectedCount) {
                throw new IllegalArgumentException("holds " + tensors.size() + " tensors, expected " + expectedCount
                        + " for a model of " + parameters.size() + " parameters");
            }
            parameters.loadValues(tensors, PARAMS);
            ema.average().loadValues(tensors, EMA);
            optimizer.firstMoments().loadValues(tensors, FIRST_MOMENT);
            optimizer.secondMoments().loadValues(tensors, SECOND_MOMENT);
            return new Restored(step, lossHistory(tensors.get(LOSS_HISTORY), step));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "checkpoint does not fit this run: " + e.getMessage(), e);
        }
    }

    /** Which weights of a checkpoint to read. */
    public enum Weights { EMA, RAW }

    /**
     * Copies a checkpoint's EMA or raw weights into {@code weights} (same names and shapes) and
     * returns the checkpoint's step: how a run is looked at, or shipped, before it finishes.
     */
    public static long readWeights(Path file, ParameterStore weights, Weights which) throws ModelFileException {
        SafetensorsFile read = SafetensorsReader.read(file);
        try {
            long step = Long.parseLong(required(read, STEP_KEY));
            weights.loadValues(read.tensorsByName(), which == Weights.EMA ? EMA : PARAMS);
            return step;
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "cannot read " + which + " weights: " + e.getMessage(), e);
        }
    }

    private static float[] lossHistory(TensorData tensor, long step) {
        if (tensor == null || tensor.dtype() != SafetensorsDType.F32 || tensor.shape().length != 1
                || tensor.shape()[0] != step) {
            throw new IllegalArgumentException("'" + LOSS_HISTORY + "' must be F32 with one entry per step");
        }
        float[] out = new float[(int) step];
        tensor.data().asFloatBuffer().get(out);
        return out;
    }

    private static void checkSameRun(String savedJson, TrainingConfig config) {
        if (savedJson == null) {
            throw new IllegalArgumentException("metadata key '" + CONFIG_KEY + "' is missing");
        }
        TrainingConfig saved = TrainingConfig.fromJson(savedJson);
        ObjectNode savedNode = StrictJson.mapper().valueToTree(saved);
        ObjectNode currentNode = StrictJson.mapper().valueToTree(config);
        List<String> differing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : currentNode.properties()) {
            if (!FREE_FIELDS.contains(field.getKey()) && !field.getValue().equals(savedNode.get(field.getKey()))) {
                differing.add(field.getKey() + " (checkpoint " + savedNode.get(field.getKey()) + ", now "
                        + field.getValue() + ")");
            }
        }
        if (!differing.isEmpty()) {
            throw new IllegalArgumentException("training config differs: " + String.join(", ", differing));
        }
    }

    private static String required(SafetensorsFile file, String key) {
        String value = file.metadata().get(key);
        if (value == null) {
            throw new IllegalArgumentException("metadata key '" + key + "' is missing");
        }
        return value;
    }
}
