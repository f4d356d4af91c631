package dev.tessera.app.history;

import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.generate.Recipe;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.image.ChwImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageIO;

/** Renders a history entry's recipe again and compares the pixels with the saved PNG. */
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
}
