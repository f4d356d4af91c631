package dev.tessera.ui.generate;

import dev.tessera.app.generate.Recipe;
import java.nio.file.Path;
import javafx.scene.image.Image;

/**
 * One finished image of a render: its pixels, recipe and history file, with the thumbnail and the
 * enlarged view prepared off the FX thread.
 */
public record GeneratedImage(float[] chw, Recipe recipe, Path historyFile, Image thumbnail, Image large) {}
