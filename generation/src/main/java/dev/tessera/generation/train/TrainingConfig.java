package dev.tessera.generation.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.generation.modelfile.StrictJson;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Settings of one training run. JSON may leave out any field to take its default; unknown fields,
 * wrong types and out-of-range values are errors naming the field.
 *
 * @param steps                  optimizer updates in the whole run
 * @param batchSize              examples per step (the loss function draws them)
 * @param learningRate           peak learning rate
 * @param minLearningRate        floor reached at the last step of the decay phase
 * @param warmupSteps            linear warmup length
 * @param decayFraction          share of the run, at its end, spent decaying linearly to the floor
 * @param weightDecay            decoupled AdamW weight decay, applied to tensors of rank 2 and more
 * @param beta1                  AdamW first-moment decay
 * @param beta2                  AdamW second-moment decay
 * @param epsilon                AdamW denominator guard
 * @param gradientClip           maximum global gradient L2 norm
 * @param emaDecay               decay of the exponential moving average of the weights
 * @param checkpointEverySteps   steps between checkpoints, 0 for none
 * @param checkpointEveryMinutes minutes between checkpoints, 0 for none
 * @param seed                   the one seed all randomness of the run derives from
 * @param sampling               how batches are drawn ({@link BatchSampling}); configs written before it existed mean uniform
 */
public record TrainingConfig(
        long steps,
        int batchSize,
        double learningRate,
        double minLearningRate,
        long warmupSteps,
        double decayFraction,
        double weightDecay,
        double beta1,
        double beta2,
        double epsilon,
        double gradientClip,
        double emaDecay,
        long checkpointEverySteps,
        double checkpointEveryMinutes,
        long seed,
        BatchSampling sampling) {

    public TrainingConfig {
        require(sampling != null, "sampling", "must be given", sampling);
        require(steps > 0, "steps", "must be > 0", steps);
        require(batchSize > 0, "batchSize", "must be > 0", batchSize);
        require(positiveFinite(learningRate), "learningRate", "must be a finite number > 0", learningRate);
        require(minLearningRate >= 0 && minLearningRate <= learningRate, "minLearningRate",
                "must be between 0 and learningRate", minLearningRate);
        require(warmupSteps >= 0 && warmupSteps <= steps, "warmupSteps", "must be between 0 and steps", warmupSteps);
        require(decayFraction >= 0 && decayFraction <= 1, "decayFraction", "must be between 0 and 1", decayFraction);
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "weightDecay", "must be >= 0", weightDecay);
        require(beta1 >= 0 && beta1 < 1, "beta1", "must be in [0, 1)", beta1);
        require(beta2 >= 0 && beta2 < 1, "beta2", "must be in [0, 1)", beta2);
        require(positiveFinite(epsilon), "epsilon", "must be a finite number > 0", epsilon);
        require(positiveFinite(gradientClip), "gradientClip", "must be a finite number > 0", gradientClip);
        require(emaDecay >= 0 && emaDecay < 1, "emaDecay", "must be in [0, 1)", emaDecay);
        require(checkpointEverySteps >= 0, "checkpointEverySteps", "must be >= 0", checkpointEverySteps);
        require(checkpointEveryMinutes >= 0 && Double.isFinite(checkpointEveryMinutes), "checkpointEveryMinutes",
                "must be >= 0", checkpointEveryMinutes);
    }

    /** Defaults for a run of {@code steps} steps: AdamW(0.9, 0.95), clip 1, EMA 0.999, 15 % decay, uniform batches. */
    public static TrainingConfig defaults(long steps) {
        return new TrainingConfig(steps, 64, 3e-4, 3e-5, Math.min(1000, steps / 10), 0.15, 0.01, 0.9, 0.95, 1e-8,
                1.0, 0.999, 1000, 15, 0, BatchSampling.UNIFORM);
    }

    public String toJson() {
        try {
            return StrictJson.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses JSON over {@link #defaults} (for the given {@code steps}, or 1000).
     *
     * @throws IllegalArgumentException naming the field for every kind of bad input
     */
    public static TrainingConfig fromJson(String json) {
        try {
            JsonNode given = StrictJson.mapper().readTree(json);
            if (given == null || !given.isObject()) {
                throw new IllegalArgumentException("training config must be a JSON object");
            }
            JsonNode steps = given.get("steps");
            long defaultSteps = steps != null && steps.canConvertToLong() && steps.asLong() > 0 ? steps.asLong() : 1000;
            ObjectNode merged = StrictJson.mapper().valueToTree(defaults(defaultSteps));
            merged.setAll((ObjectNode) given);
            return StrictJson.mapper().treeToValue(merged, TrainingConfig.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException invalid) {
                throw new IllegalArgumentException("invalid training config: " + invalid.getMessage(), e);
            }
            throw new IllegalArgumentException("invalid training config" + fieldOf(e) + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String fieldOf(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return " at field '" + mapping.getPath().stream()
                    .map(JsonMappingException.Reference::getFieldName)
                    .collect(Collectors.joining(".")) + "'";
        }
        return "";
    }

    private static boolean positiveFinite(double value) {
        return value > 0 && Double.isFinite(value);
    }

    private static void require(boolean ok, String field, String rule, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(field + " " + rule + ", was " + value);
        }
    }

    /** For tests and tools: this config with some fields replaced, given as a JSON-like map. */
    public TrainingConfig with(Map<String, Object> changes) {
        ObjectNode node = StrictJson.mapper().valueToTree(this);
        changes.forEach((key, value) -> node.set(key, StrictJson.mapper().valueToTree(value)));
        return fromJson(node.toString());
    }
}
