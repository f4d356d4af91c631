package dev.tessera.generation.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.metrics.BootstrapOptions;
import dev.tessera.generation.metrics.KidOptions;
import dev.tessera.generation.metrics.ReferenceStatistics;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed judge tells real images from spoiled ones through the same path `./tessera eval
 * images` takes: a folder of PNGs with a prompts file.
 */
class BundledJudgeEvaluationTest {

    private static final Path JUDGE = Path.of("assets/models/judge.safetensors");
    private static EvaluationSession session;

    @BeforeAll
    static void open() throws Exception {
        // Few resamples: this test checks orderings, docs/results/metrics.md holds the full intervals.
        session = EvaluationSession.open(JUDGE, new EvaluationOptions(new BootstrapOptions(20, 0, 0.95),
                new KidOptions(10, 300, 0)));
    }

    @AfterAll
    static void close() {
        session.close();
    }

    private ImageSetReport evaluateThroughFolder(ImageDegradation degradation, Path folder) throws Exception {
        RealImages real = session.real();
        ImageSet images = real.imageSet(RealImages.draw(real.heldOut(null), 300, 5), degradation);
        ImageFolder.write(images, folder);
        ImageSet read = ImageFolder.read(folder, folder.resolve("prompts.json"), session.catalogue(), session.imageSize());
        return session.evaluator().evaluate(folder.getFileName().toString(), read);
    }

    @Test
    void realImagesBeatPixelShuffledCopiesOnEveryMetric(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        ImageSetReport real = evaluateThroughFolder(null, dir.resolve("real"));
        ImageSetReport shuffled = evaluateThroughFolder(new ImageDegradation.PixelShuffle(), dir.resolve("shuffled"));
        assertEquals(300, real.sampleCount());
        assertTrue(real.fed().high() < shuffled.fed().low(), real.fed() + " vs " + shuffled.fed());
        assertTrue(real.kid().value() < shuffled.kid().value(), real.kid() + " vs " + shuffled.kid());
        assertTrue(real.promptAccuracy().identityTop5().low() > shuffled.promptAccuracy().identityTop5().high());
        // the judge names most real images: a weak judge would make every metric above meaningless
        assertTrue(real.promptAccuracy().identityTop1().value() > 0.8, real.promptAccuracy().toString());
        assertTrue(real.styleAccuracy().value() > 0.9, real.styleAccuracy().toString());
    }

    @Test
    void theEvaluationPromptsOwnImagesMatchTheBaseEmojiReferenceNotTheSkinToneHeavyOne() {
        java.util.List<EvalPrompt> seen = EvalPromptSet.bundled().prompts().stream().filter(EvalPrompt::seen).toList();
        ImageSet own = session.real().imageSetOf(seen, null);
        ImageSetReport againstBase = session.evaluator().evaluate("own images", own, ReferenceStatistics.BASE_EMOJI);
        ImageSetReport againstAll = session.evaluator().evaluate("own images", own, ReferenceStatistics.ALL_STYLES);
        // Prompts name base emoji; most of "all" are skin-tone variants of people, a different population.
        assertTrue(againstBase.fed().high() < againstAll.fed().low(), againstBase.fed() + " vs " + againstAll.fed());
        dev.tessera.generation.data.EmojiDataset data = session.real().data();
        int index = java.util.stream.IntStream.range(0, data.size())
                .filter(i -> data.sample(i).style() == seen.get(7).style()
                        && data.sample(i).item().unified().equals(seen.get(7).emoji()))
                .findFirst().orElseThrow();
        float[] expected = new float[data.floatsPerImage()];
        data.copyPixels(index, expected, 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, own.image(7), "prompt 7's own real image");
    }

    @Test
    void aPromptWithoutARealImageIsNamed() {
        EvalPrompt unknown = new EvalPrompt("no such emoji", dev.tessera.generation.data.EmojiStyle.GOOGLE, "FFFFF",
                "face-smiling", true, 1);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> session.real().imageSetOf(java.util.List.of(unknown), null));
        assertTrue(e.getMessage().contains("prompt 0 ('no such emoji')") && e.getMessage().contains("FFFFF"), e.getMessage());
    }
}
