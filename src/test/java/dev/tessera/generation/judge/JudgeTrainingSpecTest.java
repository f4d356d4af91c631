package dev.tessera.generation.judge;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.train.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JudgeTrainingSpecTest {

    private static JudgeTrainingSpec spec(TrainingConfig training) {
        return new JudgeTrainingSpec(Path.of("judge.safetensors"), Path.of("runs/judge"), List.of(EmojiStyle.GOOGLE),
                List.of(16, 32), 4, training);
    }

    @Test
    void theJudgeRefusesBalancedBatchesNamingTheField() {
        TrainingConfig uniform = TrainingConfig.defaults(10);
        assertDoesNotThrow(() -> spec(uniform));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spec(uniform.with(Map.of("sampling", "balanced"))));
        assertTrue(e.getMessage().startsWith("training.sampling:") && e.getMessage().contains("'balanced'"), e.getMessage());
    }
}
