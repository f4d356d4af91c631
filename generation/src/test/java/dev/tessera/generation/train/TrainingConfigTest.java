package dev.tessera.generation.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    @Test
    void missingFieldsTakeTheDefaults() {
        TrainingConfig config = TrainingConfig.fromJson("{\"steps\": 500, \"learningRate\": 0.001, \"seed\": 9}");
        assertEquals(500, config.steps());
        assertEquals(0.001, config.learningRate());
        assertEquals(9, config.seed());
        assertEquals(0.9, config.beta1());
        assertEquals(0.95, config.beta2());
        assertEquals(1.0, config.gradientClip());
        assertEquals(0.999, config.emaDecay());
        assertEquals(0.15, config.decayFraction());
        assertEquals(BatchSampling.UNIFORM, config.sampling(), "configs written before 'sampling' existed");
    }

    @Test
    void readsTheSamplingById() {
        TrainingConfig config = TrainingConfig.fromJson("{\"sampling\": \"balanced\"}");
        assertEquals(BatchSampling.BALANCED, config.sampling());
        assertTrue(config.toJson().contains("\"sampling\":\"balanced\""), config.toJson());
        assertEquals(config, TrainingConfig.fromJson(config.toJson()));
    }

    @Test
    void roundTripsThroughJson() {
        TrainingConfig config = TrainingConfig.defaults(1234);
        assertEquals(config, TrainingConfig.fromJson(config.toJson()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"steps\": \"many\"}|steps",
        "{\"steps\": 0}|steps must be > 0",
        "{\"batchSize\": 2.5}|batchSize",
        "{\"learningRate\": -1}|learningRate must be a finite number > 0",
        "{\"beta2\": 1.0}|beta2 must be in [0, 1)",
        "{\"warmupSteps\": 5000}|warmupSteps must be between 0 and steps",
        "{\"decayFraction\": 1.5}|decayFraction must be between 0 and 1",
        "{\"gradientClip\": 0}|gradientClip must be a finite number > 0",
        "{\"emaDecay\": 1}|emaDecay must be in [0, 1)",
        "{\"learningRat\": 0.1}|learningRat",
        "{\"seed\": 1, \"seed\": 2}|seed",
        "[1, 2]|must be a JSON object",
        "{\"steps\": |invalid training config",
        "{\"sampling\": \"weighted\"}|sampling must be one of uniform, balanced, was 'weighted'",
        "{\"sampling\": null}|sampling",
    })
    void rejectsBadValuesNamingTheField(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromJson(json));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
