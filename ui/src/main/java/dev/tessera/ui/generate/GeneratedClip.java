package dev.tessera.ui.generate;

import dev.tessera.app.video.ClipRecipe;
import dev.tessera.ui.FxImages;
import java.nio.file.Path;
import javafx.scene.image.Image;

/**
 * One finished clip of a render: its frames (CHW floats in [-1, 1], one after another), its recipe,
 * its folder in the history, and the thumbnail (its first frame) prepared off the FX thread.
 */
public record GeneratedClip(float[] clip, ClipRecipe recipe, Path historyFolder, Image thumbnail) {

    /** Frame {@code f} (from 0) enlarged by whole pixels to fit {@code box}. */
    public Image frame(int f, int box) {
        return FxImages.fitting(frameChw(clip, recipe.frame().width(), f), box);
    }

    /** Frame {@code f} of a clip of {@code size}² frames, as CHW floats. */
    static float[] frameChw(float[] clip, int size, int f) {
        int floats = 3 * size * size;
        float[] frame = new float[floats];
        System.arraycopy(clip, f * floats, frame, 0, floats);
        return frame;
    }
}
