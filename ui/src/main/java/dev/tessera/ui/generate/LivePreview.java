package dev.tessera.ui.generate;

import javafx.scene.image.Image;

/**
 * The picture to show while a render runs.
 *
 * @param blocksDone blocks finished so far; previews sent when a block finishes always arrive,
 *                   step previews in between may be merged when the FX thread is busy
 */
public record LivePreview(Image image, String description, int blocksDone, int blockCount, boolean blockFinished) {}
