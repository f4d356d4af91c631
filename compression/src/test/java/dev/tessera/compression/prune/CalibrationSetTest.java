package dev.tessera.compression.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.engine.OfflineEngine;
import org.junit.jupiter.api.Test;

class CalibrationSetTest {

    private static final AcditConfig CONFIG = AcditFixtures.tiny(16, 4, 2);
    private static final TrainingExamples EXAMPLES = AcditFixtures.fixedImages(8, 16, 8);

    @Test
    void predictingAFewItemsAtATimeGivesWhatOneForwardGives() {
        CalibrationSet set = CalibrationSet.draw(EXAMPLES, CONFIG.layout(), 7, 11);
        int tokens = CONFIG.layout().tokenCount();
        try (NDManager m = OfflineEngine.newManager(); AcditModel model = AcditModel.initialise(CONFIG, 5, m)) {
            float[] whole = set.predictedNoise(model, 7 * tokens);
            float[] inThrees = set.predictedNoise(model, 3 * tokens);
            float[] oneByOne = set.predictedNoise(model, 1);
            assertEquals(7 * tokens * 4 * 4 * 3, whole.length);
            assertArrayEquals(whole, inThrees, 1e-5f, "items 0-2, 3-5 and 6 land where one forward puts them");
            assertArrayEquals(whole, oneByOne, 1e-5f);
        }
    }
}
