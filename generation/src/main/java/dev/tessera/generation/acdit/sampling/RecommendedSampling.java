package dev.tessera.generation.acdit.sampling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.generation.diffusion.SamplerKind;
import java.util.Map;
import java.util.Optional;

/**
 * How a model is meant to be sampled, when that is not the defaults: a few-step student (distilled to land in
 * {@code steps} DDIM steps a block where its teacher took many, with guidance folded into its weights) must
 * run those steps with guidance 1. Stored as JSON under {@value #KEY} in the model file's metadata by the twin's
 * distillation; compression carries it over. Entry points use it for every setting the user left unset.
 */
public record RecommendedSampling(SamplerKind sampler, int steps, double guidance, double styleStrength) {

    public static final String KEY = "tessera.sampling.recommended";
    private static final ObjectMapper JSON = new ObjectMapper();

    public RecommendedSampling {
        if (sampler == null || steps < 1 || !(guidance >= 0) || !(styleStrength >= 0)
                || Double.isInfinite(guidance) || Double.isInfinite(styleStrength)) {
            throw new IllegalArgumentException("a recommended sampling needs a sampler, steps ≥ 1 and finite guidance"
                    + " and style strength ≥ 0, was " + sampler + ", " + steps + ", " + guidance + ", " + styleStrength);
        }
    }

    /**
     * The recommendation in {@code metadata}, if it has one.
     *
     * @param where names the file in the error a malformed entry gets
     */
    public static Optional<RecommendedSampling> of(Map<String, String> metadata, String where) {
        String text = metadata.get(KEY);
        if (text == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(text);
            return Optional.of(new RecommendedSampling(SamplerKind.fromId(node.path("sampler").asText("")),
                    node.path("steps").asInt(0), number(node, "guidance"), number(node, "styleStrength")));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": metadata " + KEY + " is not a sampling recommendation ("
                    + e.getMessage() + "): " + text);
        }
    }

    private static double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number");
        }
        return value.asDouble();
    }

    /** What it sets, for a notice: "4 steps a block (ddim), guidance 1, style strength 0". */
    public String describe() {
        return steps + " steps a block (" + sampler.id() + "), guidance " + trim(guidance) + ", style strength "
                + trim(styleStrength);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
