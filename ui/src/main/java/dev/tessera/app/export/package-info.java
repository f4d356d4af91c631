/**
 * Output users can take elsewhere: pure picture operations on {@link java.awt.image.BufferedImage}s
 * (nearest-neighbour upscale, a transparent background, a grid of a batch, the difference of two
 * pictures) and {@link dev.tessera.app.export.ImageExport}, which writes their results as PNGs that
 * keep the source's recipe chunks. Opening the output folder in the file manager is here too.
 */
package dev.tessera.app.export;
