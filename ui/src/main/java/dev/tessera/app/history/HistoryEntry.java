package dev.tessera.app.history;

import dev.tessera.app.generate.Recipe;
import dev.tessera.app.video.ClipRecipe;
import dev.tessera.app.video.ClipRendering;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One output in the history folder: an image (a recipe PNG) or a clip (a folder of PNG frames with its
 * clip recipe beside them, {@link ClipRendering#RECIPE_FILE}).
 *
 * @param file   the PNG of an image, the folder of a clip
 * @param recipe the image's recipe; for a clip, the recipe of its frames (prompt, seed, steps, model…)
 * @param clip   the clip's recipe (frames, window, fps), or null for an image
 */
public record HistoryEntry(Path file, Recipe recipe, Instant created, ClipRecipe clip) {

    /** An image. */
    public HistoryEntry(Path file, Recipe recipe, Instant created) {
        this(file, recipe, created, null);
    }

    /** A clip saved as a folder of frames. */
    public static HistoryEntry ofClip(Path folder, ClipRecipe clip, Instant created) {
        return new HistoryEntry(folder, clip.frame(), created, clip);
    }

    public boolean isClip() {
        return clip != null;
    }

    /** The picture that stands for the entry: the image itself, or a clip's first frame. */
    public Path picture() {
        return isClip() ? frame(0) : file;
    }

    /** Frame {@code f} (from 0) of a clip. */
    public Path frame(int f) {
        if (!isClip()) {
            throw new IllegalStateException(file.getFileName() + " is an image, not a clip");
        }
        return file.resolve(ClipRendering.frameName(f));
    }
}
