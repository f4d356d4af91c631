package dev.tessera.app.cli;

import dev.tessera.app.export.ExportScale;
import dev.tessera.app.export.ImageExport;
import dev.tessera.app.export.TransparentBackground;
import dev.tessera.app.generate.RequestValidation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code generate --transparent} and {@code --grid}: the studio's Export ("Transparent", "Export
 * grid") applied to the images a command has just written, through the same {@link ImageExport}
 * code, so each file keeps its recipe chunks.
 */
final class BatchExport {

    private BatchExport() {}

    /** What is wrong with the options, checked before the model loads; empty when they can be followed. */
    static List<String> problems(boolean video, boolean transparent, Path grid) {
        List<String> problems = new ArrayList<>();
        if (video && (transparent || grid != null)) {
            problems.add("--transparent and --grid are for PNG images; leave them out with --video");
        }
        if (grid == null) {
            return problems;
        }
        if (grid.toString().isBlank() || grid.getFileName() == null) {
            problems.add("--grid needs a file name, e.g. grid.png");
            return problems;
        }
        Path file = ImageExport.withPngExtension(grid);
        if (Files.isDirectory(grid) || Files.isDirectory(file)) {
            Path folder = Files.isDirectory(grid) ? grid : file;
            problems.add("--grid " + folder + " is a folder; name the grid's file, e.g. " + folder.resolve("grid.png"));
            return problems;
        }
        Path folder = file.toAbsolutePath().getParent();
        RequestValidation.outputFolder(folder).message().ifPresent(m -> problems.add("--grid: " + m));
        return problems;
    }

    /**
     * Makes the written {@code images} transparent in place when asked, then writes the grid of them
     * when asked; returns every file written, the grid last. The images are already at their scale,
     * so both exports are at ×1: a transparent background found at the enlarged pixels is the one
     * found at the model's pixels, enlarged.
     */
    static List<Path> finish(List<Path> images, boolean transparent, Path grid) throws IOException {
        var options = new dev.tessera.app.export.ExportOptions(ExportScale.X1, transparent,
                TransparentBackground.DEFAULT_TOLERANCE);
        if (transparent) {
            for (Path image : images) {
                ImageExport.image(image, options, image);
            }
        }
        if (grid == null || images.isEmpty()) {
            return images;
        }
        Path folder = ImageExport.withPngExtension(grid).toAbsolutePath().getParent();
        Files.createDirectories(folder);
        List<Path> written = new ArrayList<>(images);
        written.add(ImageExport.grid(images, options, true, grid));
        return written;
    }
}
