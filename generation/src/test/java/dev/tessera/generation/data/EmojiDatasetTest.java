package dev.tessera.generation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dataset API over the bundled 32×32 google and twitter sets. */
class EmojiDatasetTest {

    private static EmojiDataset both;

    @BeforeAll
    static void load() {
        both = EmojiDataset.loadBundled();
    }

    private static Set<String> validationBases(EmojiDataset dataset, EmojiStyle style) {
        return Arrays.stream(dataset.validationIndices()).mapToObj(dataset::sample).filter(s -> s.style() == style)
                .map(s -> s.item().baseUnified()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void loadsBothStylesWithTheSameEmojiInTheSameOrder() {
        assertEquals(List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER), both.styles());
        assertEquals(32, both.imageSize());
        List<String> google = both.sets().get(0).items().stream().map(EmojiItem::unified).toList();
        List<String> twitter = both.sets().get(1).items().stream().map(EmojiItem::unified).toList();
        assertEquals(google, twitter);
        assertEquals(google.size() * 2, both.size());
        assertEquals(EmojiStyle.TWITTER, both.sample(google.size()).style());
    }

    @Test
    void splitHoldsOutTheSameEmojiForEveryStyleAndIsReproducible() {
        Set<String> google = validationBases(both, EmojiStyle.GOOGLE);
        assertFalse(google.isEmpty());
        assertEquals(google, validationBases(both, EmojiStyle.TWITTER));
        EmojiDataset twitterOnly = EmojiDataset.loadBundled(EmojiStyle.TWITTER);
        assertEquals(google, validationBases(twitterOnly, EmojiStyle.TWITTER), "independent of which styles are loaded");
        assertArrayEquals(both.validationIndices(), EmojiDataset.loadBundled().validationIndices());
        assertEquals(both.size(), both.trainIndices().length + both.validationIndices().length);
    }

    @Test
    void holdsOutAboutFivePercentOfEmoji() {
        long bases = both.samples().stream().map(s -> s.item().baseUnified()).distinct().count();
        double emojiShare = (double) validationBases(both, EmojiStyle.GOOGLE).size() / bases;
        double imageShare = (double) both.validationIndices().length / both.size();
        assertTrue(emojiShare > 0.03 && emojiShare < 0.07, "emoji share " + emojiShare);
        assertTrue(imageShare > 0.02 && imageShare < 0.08, "image share " + imageShare);
        // The hash itself: over many synthetic keys the share converges to 5 %.
        long held = IntStream.range(0, 20_000).filter(i -> EmojiSplit.isValidation(Integer.toHexString(0x10000 + i))).count();
        assertEquals(0.05, held / 20_000.0, 0.006);
    }

    @Test
    void skinToneVariantsStayWithTheirEmoji() {
        Map<String, Boolean> sideOfBase = new HashMap<>();
        int variants = 0;
        for (int i = 0; i < both.size(); i++) {
            EmojiItem item = both.sample(i).item();
            variants += item.hasSkinTone() ? 1 : 0;
            Boolean previous = sideOfBase.putIfAbsent(item.baseUnified(), both.isValidation(i));
            assertTrue(previous == null || previous == both.isValidation(i), "split across sides: " + item.baseUnified());
        }
        assertTrue(variants > 0);
        assertTrue(Arrays.stream(both.validationIndices()).anyMatch(i -> both.sample(i).item().hasSkinTone()),
                "some held-out emoji have skin tones, so grouping is really exercised");
    }

    @Test
    void batchesAreReproduciblePerSeedAndCoverEachEpochOnce() {
        int[] train = both.trainIndices();
        EmojiBatches a = both.batches(train, 64, 42);
        List<int[]> epoch0 = a.epoch(0);
        List<int[]> again = both.batches(train, 64, 42).epoch(0);
        assertEquals(epoch0.size(), again.size());
        for (int b = 0; b < epoch0.size(); b++) {
            assertArrayEquals(epoch0.get(b), again.get(b));
        }
        assertFalse(Arrays.equals(epoch0.get(0), both.batches(train, 64, 43).epoch(0).get(0)), "seeds differ");
        assertFalse(Arrays.equals(epoch0.get(0), a.epoch(1).get(0)), "epochs differ");
        int[] seen = epoch0.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(train, seen, "each training index exactly once per epoch");
        assertEquals((train.length + 63) / 64, a.batchesPerEpoch());
        assertEquals(train.length / 64, new EmojiBatches(train, 64, 42, true).epoch(0).size());
    }

    @Test
    void pixelBatchesAreNchwInMinusOneToOne() {
        int[] indices = {0, 5, both.size() - 1};
        float[] batch = both.pixelBatch(indices);
        int size = both.imageSize();
        assertEquals(indices.length * 3 * size * size, batch.length);
        for (float v : batch) {
            assertTrue(v >= -1f && v <= 1f, "value " + v);
        }
        // NCHW: image 1, channel c, row y, column x.
        EmojiSample sample = both.sample(5);
        int rgb = both.sets().get(sample.setIndex()).rgb(sample.itemIndex(), 17, 9);
        for (int c = 0; c < 3; c++) {
            int expected = rgb >> (16 - 8 * c) & 0xFF;
            float value = batch[3 * size * size + c * size * size + 9 * size + 17];
            assertEquals(expected / 127.5f - 1f, value, 1e-6f);
        }
        // Emoji sit on white, so corners are white (1.0) and the images are not blank.
        assertEquals(1f, batch[0], 1e-6f);
        assertTrue(IntStream.range(0, batch.length).anyMatch(i -> batch[i] < 0f));
        assertEquals(batch.length, both.pixelBatchBuffer(indices).remaining());
    }

    @Test
    void everyImageHasPromptTextsWithItsSkinTone() {
        for (int i = 0; i < both.size(); i++) {
            EmojiItem item = both.sample(i).item();
            List<String> texts = both.promptTexts(i);
            assertFalse(texts.isEmpty(), item.unified());
            if (item.hasSkinTone()) {
                assertTrue(texts.stream().allMatch(t -> t.endsWith(item.skinTone())), texts.toString());
            }
            texts.forEach(t -> assertFalse(t.contains("_"), t));
        }
        EmojiItem heart = both.samples().stream().map(EmojiSample::item).filter(it -> it.unified().equals("2764-FE0F"))
                .findFirst().orElseThrow();
        // The Unicode name is odd ("heavy black heart"), so the short name must be there too.
        assertTrue(heart.promptTexts().containsAll(List.of("heavy black heart", "heart")), heart.promptTexts().toString());
        EmojiItem wave = both.samples().stream().map(EmojiSample::item).filter(it -> it.unified().equals("1F44B-1F3FD"))
                .findFirst().orElseThrow();
        assertTrue(wave.promptTexts().contains("waving hand sign: medium skin tone"), wave.promptTexts().toString());
    }

    @Test
    void randomPromptTextIsReproducibleAndDrawsFromAllTexts() {
        int heart = IntStream.range(0, both.size()).filter(i -> both.sample(i).item().unified().equals("2764-FE0F"))
                .findFirst().orElseThrow();
        SplittableRandom r1 = new SplittableRandom(7);
        SplittableRandom r2 = new SplittableRandom(7);
        Set<String> drawn = new TreeSet<>();
        for (int k = 0; k < 200; k++) {
            String text = both.randomPromptText(heart, r1);
            assertEquals(text, both.randomPromptText(heart, r2));
            drawn.add(text);
        }
        assertEquals(new TreeSet<>(both.promptTexts(heart)), drawn);
    }
}
