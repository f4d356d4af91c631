package dev.tessera.generation.judge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.Provenance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgeModelTest {

    @TempDir Path dir;

    private static final EmojiDataset DATA = EmojiDataset.loadBundled();

    @Test
    void saveAndLoadGiveTheSameVerdicts() throws Exception {
        JudgeVocabulary vocabulary = JudgeVocabulary.of(DATA);
        JudgeConfig config = new JudgeConfig(32, List.of(8, 16), 4, vocabulary.identities().size(),
                vocabulary.subcategories().size(), vocabulary.styles().size());
        Path file = dir.resolve("judge.safetensors");
        float[] pixels = DATA.pixelBatch(new int[] {0, 1, 2});
        try (NDManager manager = OfflineEngine.newManager();
                JudgeModel judge = JudgeModel.initialise(config, vocabulary, 5, manager)) {
            JudgeModel.save(file, judge.parameters(), config, vocabulary,
                    new Provenance("test", 0, 5, Instant.parse("2026-11-28T00:00:00Z"), "none", Map.of()));
            JudgeVerdicts before = new JudgeRunner(judge).judge(pixels, 3);
            try (JudgeModel loaded = JudgeModel.load(file, manager)) {
                JudgeVerdicts after = new JudgeRunner(loaded).judge(pixels, 3);
                assertArrayEquals(before.identityLogits()[2], after.identityLogits()[2]);
                assertEquals(vocabulary, loaded.vocabulary());
                assertEquals(5, loaded.provenance().seed());
            }
        }
    }

    @Test
    void corruptOrForeignFilesAreRefusedClearly() throws Exception {
        Path garbage = dir.resolve("garbage.safetensors");
        Files.write(garbage, new byte[] {1, 2, 3});
        try (NDManager manager = OfflineEngine.newManager()) {
            assertThrows(ModelFileException.class, () -> JudgeModel.load(garbage, manager));
            Path empty = dir.resolve("empty.safetensors");
            dev.tessera.generation.modelfile.SafetensorsWriter.write(empty, List.of(), Map.of());
            ModelFileException e = assertThrows(ModelFileException.class, () -> JudgeModel.load(empty, manager));
            assertTrue(e.getMessage().contains("not a judge model"), e.getMessage());
        }
    }

    @Test
    void labelsMergeSkinTonesIntoOneIdentity() {
        JudgeVocabulary vocabulary = JudgeVocabulary.of(DATA);
        JudgeVocabulary.Labels labels = vocabulary.labelsOf(DATA);
        int withTone = -1, base = -1;
        for (int i = 0; i < DATA.size() && (withTone < 0 || base < 0); i++) {
            var item = DATA.sample(i).item();
            if (item.baseUnified().equals("1F44B")) {
                if (item.hasSkinTone()) withTone = i; else base = i;
            }
        }
        assertEquals(labels.identity()[base], labels.identity()[withTone]);
        assertTrue(vocabulary.identities().size() > 1800 && vocabulary.identities().size() < 2000);
    }

    @Test
    void augmentationIsSeededAndStaysInRange() {
        float[] image = new float[3 * 32 * 32];
        DATA.copyPixels(10, image, 0);
        ImageAugmenter augmenter = ImageAugmenter.strong();
        float[] a = augmenter.augment(image, 32, new SplittableRandom(3));
        float[] b = augmenter.augment(image, 32, new SplittableRandom(3));
        float[] c = augmenter.augment(image, 32, new SplittableRandom(4));
        assertArrayEquals(a, b);
        assertTrue(!java.util.Arrays.equals(a, c));
        for (float v : a) {
            assertTrue(v >= -1f && v <= 1f);
        }
    }
}
