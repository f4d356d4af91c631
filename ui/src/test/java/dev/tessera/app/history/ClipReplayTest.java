package dev.tessera.app.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.video.ClipRendering;
import dev.tessera.app.video.ClipSettings;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.diffusion.CancellationToken;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clip saved in the history replays from its recipe to the same pixels, frame by frame; a changed
 * pixel in any frame, or a missing frame, is caught. With the video architecture's real (untrained) twin
 * model file, 4 frames at 2 steps, two clips in one batch (the second replays as the second of its batch).
 */
class ClipReplayTest {

    static final Path VIDEO_TWIN = Path.of("generation", "src", "test", "resources", "parity",
            "acdit-video-twin-model.safetensors");

    @TempDir Path folder;

    @Test
    void aSavedClipReplaysIdenticallyAndAChangedFrameDiffers() throws Exception {
        History history = new History(folder);
        try (GenerationService service = GenerationService.open(VIDEO_TWIN)) {
            GenerationRequest request = GenerationRequest.of("rocket moving up", "google", 11).withSteps(2).withCount(2);
            ClipSettings settings = new ClipSettings(4, 0, 8);
            ClipRendering rendering = new ClipRendering(service);
            List<float[]> clips = rendering.render(request, settings, BlockListener.NONE, new CancellationToken());
            List<Path> saved = history.saveClips(rendering, request, settings, clips);
            assertEquals(List.of("11-rocket-moving-up", "12-rocket-moving-up"),
                    saved.stream().map(p -> p.getFileName().toString()).toList());

            List<HistoryEntry> entries = history.list().entries();
            assertEquals(2, entries.size());
            HistoryEntry second = entries.stream().filter(e -> e.file().equals(saved.get(1))).findFirst().orElseThrow();
            assertEquals(4, second.clip().window(), "the window the model used is in the recipe");
            Replay.Outcome same = Replay.run(service, second, new CancellationToken());
            assertTrue(same.comparison().identical(), same.describe());

            // one channel of one pixel of the last frame, changed by 3
            Path last = second.frame(3);
            BufferedImage frame = ImageIO.read(last.toFile());
            int rgb = frame.getRGB(5, 7);
            int blue = rgb & 0xff;
            frame.setRGB(5, 7, (rgb & 0xffff00) | (blue >= 128 ? blue - 3 : blue + 3));
            ImageIO.write(frame, "png", last.toFile());
            Replay.Outcome changed = Replay.run(service, second, new CancellationToken());
            assertEquals("differs: max |Δ| = 3 (of 255)", changed.describe());

            Files.delete(second.frame(2));
            IOException missing = assertThrows(IOException.class, () -> Replay.run(service, second, new CancellationToken()));
            assertTrue(missing.getMessage().contains("frame-002.png"), missing.getMessage());
        }
    }
}
