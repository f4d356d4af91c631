package dev.tessera.app.export;

import dev.tessera.app.generate.Recipe;
import dev.tessera.app.png.PngTextChunks;
import dev.tessera.generation.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes exports of rendered PNGs: one image at a scale (and with a transparent background), or a
 * batch as one grid. Each export keeps the text chunks of its source (the A1111 {@code parameters}
 * and the JSON recipe; a grid, those of its first image, as A1111 does), so dropping it on the
 * studio restores the settings. Files are written atomically; an existing target is replaced, as
 * the user chose it.
 */
public final class ImageExport {

    private ImageExport() {}

    /** A source PNG read for export: its pixels and its text chunks. */
    public record Source(Path file, BufferedImage image, Map<String, String> texts) {

        /** The seed of our images, what a grid labels a tile with; "" for a PNG without a recipe. */
        public String label() {
            String json = texts.get(Recipe.JSON_CHUNK);
            if (json != null) {
                try {
                    return Long.toString(Recipe.fromJson(json).seed());
                } catch (IllegalArgumentException e) {
                    // a foreign or broken recipe: no label
                }
            }
            return "";
        }
    }

    /** Reads a PNG to export; a missing or unreadable file is a clear error naming it. */
    public static Source read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("cannot export " + file + ": there is no such file");
        }
        byte[] bytes = Files.readAllBytes(file);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        if (image == null) {
            throw new IOException("cannot export " + file.getFileName() + ": it is not an image ImageIO can read");
        }
        return new Source(file, image, PngTextChunks.read(bytes));
    }

    /** Exports {@code source} with {@code options} to {@code target} (".png" added when missing); returns the file written. */
    public static Path image(Path source, ExportOptions options, Path target) throws IOException {
        Source read = read(source);
        return write(options.apply(read.image()), read.texts(), target);
    }

    /**
     * Exports {@code sources} as one grid, each tile exported with {@code options} (so the grid of ×4
     * tiles has 128-pixel cells), labelled with their seeds (in pixel digits) when {@code labels}.
     */
    public static Path grid(List<Path> sources, ExportOptions options, boolean labels, Path target) throws IOException {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a grid needs at least one image");
        }
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        Map<String, String> texts = null;
        for (Path file : sources) {
            Source read = read(file);
            texts = texts == null ? read.texts() : texts;
            tiles.add(new ImageGrid.Tile(options.apply(read.image()), read.label()));
        }
        // Transparent tiles sit on transparent gaps; opaque ones on light grey, which white backgrounds stand out from.
        ImageGrid.Layout layout = new ImageGrid.Layout(ImageGrid.Layout.DEFAULT_GAP, labels,
                options.transparent() ? 0 : ImageGrid.Layout.LIGHT_GREY);
        return write(ImageGrid.tile(tiles, layout), texts, target);
    }

    private static Path write(BufferedImage image, Map<String, String> texts, Path target) throws IOException {
        Path file = withPngExtension(target);
        AtomicFiles.write(file, out -> PngTextChunks.write(image, texts, out));
        return file;
    }

    /** {@code name.png} for a name without the extension (a file chooser may leave it off). */
    public static Path withPngExtension(Path target) {
        String name = target.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".png") ? target : target.resolveSibling(name + ".png");
    }

    /** A suggested file name for an export: {@code 7-cat-face-x8.png}, {@code …-x8-transparent.png}, {@code …-grid.png}. */
    public static String suggestedName(Path source, ExportOptions options, boolean grid) {
        String base = source.getFileName().toString().replaceFirst("(?i)\\.png$", "");
        return base + (grid ? "-grid" : "") + (options.scale() == ExportScale.X1 ? "" : "-x" + options.scale().factor())
                + (options.transparent() ? "-transparent" : "") + ".png";
    }
}
