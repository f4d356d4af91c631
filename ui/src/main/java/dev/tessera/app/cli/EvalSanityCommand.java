package dev.tessera.app.cli;

import dev.tessera.generation.eval.EvaluationOptions;
import dev.tessera.generation.eval.EvaluationSession;
import dev.tessera.generation.eval.ImageSetReport;
import dev.tessera.generation.eval.ReportMarkdown;
import dev.tessera.generation.eval.SanityTable;
import dev.tessera.generation.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera eval sanity}: the metrics' sanity table (docs/results/metrics.md). */
@Command(name = "sanity", mixinStandardHelpOptions = true,
        description = "Measure real and spoiled real images at two sample counts; write the sanity table"
                + " (an existing file keeps its sections from the first '## ' heading on).")
final class EvalSanityCommand implements Callable<Integer> {

    @Option(names = "--counts", defaultValue = "500,2000", split = ",",
            description = "sample counts (default: ${DEFAULT-VALUE})") int[] counts;
    @Option(names = "--judge", description = "judge model (default: " + EvalCommand.DEFAULT_JUDGE + ")") Path judge;
    @Option(names = "--out", required = true, description = "markdown file to write") Path out;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        try (EvaluationSession session = EvaluationSession.open(EvalCommand.judgePath(judge), EvaluationOptions.defaults())) {
            List<ImageSetReport> reports = new SanityTable(session.real(), session.evaluator()).measure(counts, 11);
            String table = ReportMarkdown.table(reports);
            String text = "# Metric sanity table\n\n"
                    + "Measured " + LocalDate.now() + " with `./tessera eval sanity --out " + out + "` ("
                    + Math.round((System.nanoTime() - started) / 1e9) + " s on 2 cores), sample counts "
                    + Arrays.toString(counts) + ".\n\n"
                    + "Every row is real emoji art from the held-out half of the data (odd positions of each style's set),"
                    + " possibly spoiled; FED and KID compare the judge's penultimate features with the reference half"
                    + " (even positions). Noise σ is in [-1, 1] pixel units. Prompt accuracy asks whether the judge still"
                    + " names the emoji each image was made from.\n\n" + table;
            // The sections below the table are hand-written readings of it: keep them.
            String existing = Files.exists(out) ? Files.readString(out) : "";
            AtomicFiles.write(out, GeneratedMarkdown.withHandWrittenSections(text, existing)
                    .getBytes(StandardCharsets.UTF_8));
            System.out.print(table);
        }
        return 0;
    }
}
