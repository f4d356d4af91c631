package dev.tessera.app.history;

import dev.tessera.app.generate.Recipe;
import java.nio.file.Path;
import java.time.Instant;
import dev.tessera.app.video.ClipRecipe;
import dev.tessera.app.video.ClipRendering;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

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

    /** A clip's saved frames, as many as its recipe says; a missing or unreadable frame is an error naming it. */
    public List<BufferedImage> readFrames() throws IOException {
        List<BufferedImage> frames = new ArrayList<>();
        for (int f = 0; f < clip.frames(); f++) {
            BufferedImage picture = Files.isRegularFile(frame(f)) ? ImageIO.read(frame(f).toFile()) : null;
            if (picture == null) {
                throw new IOException(file.getFileName() + " has no readable " + frame(f).getFileName()
                        + " (its recipe says " + clip.frames() + " frames)");
            }
            frames.add(picture);
        }
        return frames;
    }
}
