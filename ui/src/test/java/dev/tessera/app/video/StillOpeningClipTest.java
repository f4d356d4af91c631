package dev.tessera.app.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.history.History;
import dev.tessera.app.history.HistoryEntry;
import dev.tessera.app.history.Replay;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.acdit.sampling.StillOpening;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.video.Motion;
import dev.tessera.generation.video.OpeningFrames;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clip that opens with the image model's still: its first block is the still moved along the prompt's motion, the
 * recipe records the still's own recipe, and the clip replays to the same pixels. Tiny real model files of 16 px
 * (video: 4 frames, a block of 2).
 */
class StillOpeningClipTest {

    @TempDir static Path temp;
    @TempDir Path history;
    private static Path video;
    private static Path image;

    @BeforeAll
    static void writeModels() throws Exception {
        video = TinyAcditModelFile.write(temp.resolve("tiny-video.safetensors"), TinyAcditModelFile.videoConfig(4));
        image = TinyAcditModelFile.write(temp.resolve("tiny-image.safetensors"), TinyAcditModelFile.config(16, 2));
    }

    private static GenerationRequest request(String prompt) {
        return GenerationRequest.of(prompt, "google", 21).withSteps(2).withCount(2);
    }

    @Test
    void theFirstBlockIsTheStillMovedAlongTheMotionAndTheRestIsMadeAfterIt() throws Exception {
        ClipSettings with = new ClipSettings(4, 0, 8, true);
        CancellationToken token = new CancellationToken();
        try (GenerationService service = GenerationService.open(video);
                GenerationService still = GenerationService.open(image)) {
            ClipRendering rendering = new ClipRendering(service, image);
            GenerationRequest request = request("rocket moving up");
            List<float[]> clips = rendering.render(request, with, BlockListener.NONE, token);
            List<float[]> alone = rendering.render(request, with.withStill(false), BlockListener.NONE, token);
            int frame = 3 * 16 * 16;
            for (int i = 0; i < 2; i++) {
                long seed = request.seedOf(i);
                // The still as the image model draws it at the app's defaults, from the emoji's words alone.
                float[] picture = still.render(GenerationRequest.of("rocket", "google", seed), BlockListener.NONE, token)
                        .get(0);
                float[] opening = OpeningFrames.clip(picture, 16, StillOpening.SPRITE_SIDE, Motion.UP, seed, 4);
                assertArrayEquals(Arrays.copyOf(opening, 2 * frame), Arrays.copyOf(clips.get(i), 2 * frame),
                        "clip " + i + ": its first block (2 frames) is the still moved up");
                assertFalse(Arrays.equals(clips.get(i), alone.get(i)), "clip " + i + " differs from the video model alone");

                ClipRecipe recipe = rendering.recipe(request, with, i);
                assertNotNull(recipe.still());
                assertEquals("rocket", recipe.still().prompt());
                assertEquals(seed, recipe.still().seed());
                assertEquals("tiny-image", recipe.still().model());
                assertEquals(recipe, ClipRecipe.fromJson(recipe.toJson()));
                assertTrue(recipe.settings().still());
                assertNull(rendering.recipe(request, with.withStill(false), i).still());
            }
        }
    }

    @Test
    void withoutAMotionInThePromptOrWithAnImageModelOfAnotherSizeTheVideoModelMakesItAlone() throws Exception {
        ClipSettings with = new ClipSettings(4, 0, 8, true);
        CancellationToken token = new CancellationToken();
        try (GenerationService service = GenerationService.open(video)) {
            ClipRendering rendering = new ClipRendering(service, image);
            GenerationRequest still = request("rocket");
            assertArrayEquals(rendering.render(still, with.withStill(false), BlockListener.NONE, token).get(1),
                    rendering.render(still, with, BlockListener.NONE, token).get(1));
            assertNull(rendering.recipe(still, with, 0).still());

            Path larger = TinyAcditModelFile.write(temp.resolve("tiny-image-32.safetensors"),
                    TinyAcditModelFile.config(32, 4));
            ClipRendering mismatched = new ClipRendering(service, larger);
            GenerationRequest moving = request("rocket moving up");
            assertArrayEquals(rendering.render(moving, with.withStill(false), BlockListener.NONE, token).get(0),
                    mismatched.render(moving, with, BlockListener.NONE, token).get(0));
            assertNull(mismatched.recipe(moving, with, 0).still());
        }
    }

    @Test
    void aClipThatOpenedWithAStillReplaysToTheSamePixels() throws Exception {
        History saved = new History(history);
        ClipSettings with = new ClipSettings(4, 0, 8, true);
        try (GenerationService service = GenerationService.open(video)) {
            ClipRendering rendering = new ClipRendering(service, image);
            GenerationRequest request = request("cat face spinning");
            saved.saveClips(rendering, request, with,
                    rendering.render(request, with, BlockListener.NONE, new CancellationToken()));
            for (HistoryEntry entry : saved.list().entries()) {
                assertNotNull(entry.clip().still(), entry.file().toString());
                Replay.Outcome again = Replay.run(service, entry, new CancellationToken(), image);
                assertTrue(again.comparison().identical(), entry.file() + ": " + again.describe());
            }
        }
    }
}
