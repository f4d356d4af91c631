package dev.tessera.app.history;

import dev.tessera.app.AppLocation;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.generate.ModelHash;
import java.nio.file.Path;
import dev.tessera.app.generate.Recipe;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.image.ChwImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageIO;
import dev.tessera.app.video.ClipRecipe;
import dev.tessera.app.video.ClipRendering;
import java.util.List;

/**
 * Renders a history entry's recipe again and compares the pixels with the saved PNG, or, for a clip,
 * with every saved frame.
 */
public final class Replay {

    private Replay() {}

    /**
     * @param modelNote set when the loaded model is not the file the image was made with (its hash
     *                  differs), which explains a difference in advance
     */
    public record Outcome(PixelComparison comparison, Optional<String> modelNote) {

        public String describe() {
            return comparison.describe() + modelNote.map(n -> " — " + n).orElse("");
        }
    }

    public static Outcome run(GenerationService service, HistoryEntry entry, CancellationToken cancellation)
            throws IOException {
        return run(service, entry, cancellation, AppLocation.root().resolve(ClipRendering.STILL_MODEL));
    }

    /** With {@code stillModel} drawing a clip's opening still (the bundled default image model in the app). */
    public static Outcome run(GenerationService service, HistoryEntry entry, CancellationToken cancellation,
            Path stillModel) throws IOException {
        if (entry.isClip()) {
            return runClip(service, entry, cancellation, stillModel);
        }
        BufferedImage saved = ImageIO.read(entry.file().toFile());
        if (saved == null) {
            throw new IOException(entry.file().getFileName() + " is no longer a readable PNG");
        }
        // The whole batch again: an image rendered alone rounds differently from the same image in a batch.
        Recipe recipe = entry.recipe();
        float[] image = service.render(recipe.batchRequest(), BlockListener.NONE, cancellation).get(recipe.batch().index());
        BufferedImage rendered = ChwImages.toImage(image, service.imageSize());
        Optional<String> note = service.modelHash().equals(entry.recipe().modelHash()) ? Optional.empty()
                : Optional.of("the model file has changed since (hash " + entry.recipe().modelHash() + ", now "
                        + service.modelHash() + ")");
        return new Outcome(PixelComparison.of(saved, rendered), note);
    }

    /**
     * The clip's batch again, from its recipe (same frames and window); its frames are compared with
     * the saved ones as one strip, so a missing or extra frame is a difference too.
     */
    private static Outcome runClip(GenerationService service, HistoryEntry entry, CancellationToken cancellation,
            Path stillModel) throws IOException {
        ClipRecipe recipe = entry.clip();
        List<BufferedImage> saved = entry.readFrames();
        float[] clip = new ClipRendering(service, stillModel).render(recipe.frame().batchRequest(), recipe.settings(),
                BlockListener.NONE, cancellation).get(recipe.frame().batch().index());
        List<BufferedImage> rendered = ClipRendering.frames(recipe, clip, 1);
        Optional<String> note = service.modelHash().equals(recipe.frame().modelHash()) ? Optional.empty()
                : Optional.of("the model file has changed since (hash " + recipe.frame().modelHash() + ", now "
                        + service.modelHash() + ")");
        if (note.isEmpty() && recipe.still() != null && java.nio.file.Files.isRegularFile(stillModel)) {
            String now = ModelHash.of(stillModel);
            if (!now.equals(recipe.still().modelHash())) {
                note = Optional.of("the image model of its opening still has changed since (hash "
                        + recipe.still().modelHash() + ", now " + now + ")");
            }
        }
        return new Outcome(PixelComparison.of(strip(saved), strip(rendered)), note);
    }

    /** The frames one under another. */
    static BufferedImage strip(List<BufferedImage> frames) {
        int width = frames.get(0).getWidth();
        int height = frames.stream().mapToInt(BufferedImage::getHeight).sum();
        BufferedImage strip = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int y = 0;
        for (BufferedImage frame : frames) {
            strip.getGraphics().drawImage(frame, 0, y, null);
            y += frame.getHeight();
        }
        return strip;
    }
}
