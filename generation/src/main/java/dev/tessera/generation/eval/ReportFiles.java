package dev.tessera.generation.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tessera.generation.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Writes an evaluation's outputs: report.json, report.md and grid.png in one folder. */
public final class ReportFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int GRID_LIMIT = 64;

    private ReportFiles() {}

    public static void write(Path folder, ImageSet images, ImageSetReport report) throws IOException {
        writeJson(folder.resolve("report.json"), report);
        String markdown = "# Evaluation: " + report.label() + "\n\n" + ReportMarkdown.table(List.of(report))
                + "\nFED and KID use the judge's penultimate features against the reference half of the real images ("
                + report.reference() + "). Grid: first " + Math.min(GRID_LIMIT, images.count())
                + " images, judge's verdicts in green (right) or red (wrong).\n";
        AtomicFiles.write(folder.resolve("report.md"), markdown.getBytes(StandardCharsets.UTF_8));
        VerdictGrid.write(folder.resolve("grid.png"), images, report, GRID_LIMIT);
    }

    /** The report with every image's verdict, as report.json holds it. */
    public static void writeJson(Path file, ImageSetReport report) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(report));
    }
}
