package dev.tessera.app.cli;

import ai.djl.ndarray.NDManager;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.RequestValidation;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.BlockLayout;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingCancelledException;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.eval.BlockSplice;
import dev.tessera.generation.eval.EvalPrompt;
import dev.tessera.generation.eval.EvalPromptSet;
import dev.tessera.generation.eval.EvaluationOptions;
import dev.tessera.generation.eval.EvaluationSession;
import dev.tessera.generation.eval.ImageFolder;
import dev.tessera.generation.eval.ImageSet;
import dev.tessera.generation.eval.ImageSetReport;
import dev.tessera.generation.eval.ImageVerdict;
import dev.tessera.generation.eval.ModelImages;
import dev.tessera.generation.image.ChwImages;
import dev.tessera.generation.io.AtomicFiles;
import dev.tessera.generation.metrics.Proportion;
import dev.tessera.generation.metrics.ReferenceStatistics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tessera eval keep-blocks}: how far kept blocks steer the blocks generated after them. The first
 * {@code --count} seen (or, with {@code --held-out}, held-out) evaluation prompts are rendered without help and with {@code --keep} blocks of their
 * own real training image kept; the judge names the emoji in each. The control splices the real kept blocks
 * onto the images made without help: what the kept blocks give the judge by themselves, with no steering.
 */
@Command(name = "keep-blocks", mixinStandardHelpOptions = true,
        description = "Measure how kept blocks of a real image steer the generated rest: the judge's identity accuracy"
                + " with and without them, a splice control, and the generated blocks' distance to the real ones.")
final class EvalKeepBlocksCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "ACDiT image model (default: " + GenerateCommand.DEFAULT_MODEL + ")") Path model;
    @Option(names = "--count", defaultValue = "16", description = "seen evaluation prompts to use, from the first (default: ${DEFAULT-VALUE})") int count;
    @Option(names = "--keep", defaultValue = "0,1", split = ",", description = "blocks kept from the real image (default: 0,1, the top half of the 2x2 default model)") List<Integer> keep;
    @Option(names = "--strength", defaultValue = "1", description = "fraction of the other blocks' steps run (default: ${DEFAULT-VALUE}: they start from noise)") double strength;
    @Option(names = "--steps", defaultValue = "" + GenerationRequest.DEFAULT_STEPS, description = "steps per block (default: ${DEFAULT-VALUE})") int steps;
    @Option(names = "--cfg", defaultValue = "" + GenerationRequest.DEFAULT_GUIDANCE, description = "guidance scale (default: ${DEFAULT-VALUE})") double cfg;
    @Option(names = "--style-strength", defaultValue = "" + GenerationRequest.DEFAULT_STYLE_STRENGTH, description = "style-contrast guidance (default: ${DEFAULT-VALUE})") double styleStrength;
    @Option(names = "--held-out", description = "use the held-out evaluation prompts (emoji the model never saw in training) instead of seen ones") boolean heldOut;
    @Option(names = "--judge", description = "judge model (default: " + EvalCommand.DEFAULT_JUDGE + ")") Path judge;
    @Option(names = "--out", required = true, description = "folder for report.md, comparison.png (rows: real, none given, splice control, kept; first 8 prompts) and the images of each condition") Path out;

    @Override
    public Integer call() throws Exception {
        Path modelFile = model != null ? model : dev.tessera.app.AppLocation.root().resolve(GenerateCommand.DEFAULT_MODEL);
        CliChecks.of(spec).acditModel("--model", modelFile).atLeast("--count", count, 1).atLeast("--steps", steps, 1)
                .between("--strength", strength, Double.MIN_VALUE, 1)
                .between("--cfg", cfg, 0, RequestValidation.MAX_GUIDANCE)
                .between("--style-strength", styleStrength, 0, RequestValidation.MAX_STYLE_STRENGTH)
                .existingFile("--judge", EvalCommand.judgePath(judge)).outputFolder("--out", out).orRefuse();
        List<EvalPrompt> prompts = EvalPromptSet.bundled().prompts().stream().filter(p -> p.seen() != heldOut)
                .limit(count).toList();
        return StopOnShutdown.runCancellable(cancellation -> measure(modelFile, prompts, cancellation));
    }

    private int measure(Path modelFile, List<EvalPrompt> prompts, CancellationToken cancellation) throws Exception {
        AcditGuidance guidance = new AcditGuidance(cfg, styleStrength);
        SamplerKind kind = SamplerKind.defaultKind();
        try (EvaluationSession session = EvaluationSession.open(EvalCommand.judgePath(judge), EvaluationOptions.defaults());
                NDManager manager = OfflineEngine.newManager(); AcditModel acdit = AcditModel.load(modelFile, manager)) {
            ImageSet real = session.real().imageSetOf(prompts, null);
            BlockLayout layout = acdit.config().layout();
            long started = System.nanoTime();
            ImageSet none = ModelImages.generate(acdit, prompts, steps, guidance, kind, cancellation);
            ImageSet kept = ModelImages.generateFrom(acdit, prompts, real, keep, strength, steps, guidance, kind,
                    cancellation);
            double seconds = (System.nanoTime() - started) / 1e9;
            ImageSet spliced = BlockSplice.splice(real, none, layout, keep);
            String reference = ReferenceStatistics.BASE_EMOJI;
            List<Row> rows = new ArrayList<>();
            rows.add(new Row("none given (text to image)", session.evaluator().evaluate("none", none, reference),
                    BlockSplice.meanLevelDistance(none, real, layout, keep)));
            rows.add(new Row("blocks " + keep + " given, the rest generated after them",
                    session.evaluator().evaluate("kept", kept, reference), BlockSplice.meanLevelDistance(kept, real, layout, keep)));
            rows.add(new Row("control: blocks " + keep + " of the real image spliced onto the unhelped images",
                    session.evaluator().evaluate("spliced", spliced, reference), Double.NaN));
            rows.add(new Row("the real images", session.evaluator().evaluate("real", real, reference), 0));
            if (cancellation.isCancelled()) {
                System.err.println("stopped while judging; nothing was written");
                return StopOnShutdown.STOPPED_EXIT_CODE;
            }
            ImageFolder.write(none, out.resolve("none"));
            ImageFolder.write(kept, out.resolve("kept"));
            ImageFolder.write(spliced, out.resolve("spliced"));
            writeComparison(out.resolve("comparison.png"), List.of(real, none, spliced, kept));
            String text = report(modelFile, prompts.size(), seconds, rows)
                    + "\n" + paired("top-1", rows.get(1).report(), rows.get(2).report(), ImageVerdict::identityCorrect)
                    + paired("top-5", rows.get(1).report(), rows.get(2).report(), ImageVerdict::identityTop5);
            AtomicFiles.write(out.resolve("report.md"), text.getBytes(StandardCharsets.UTF_8));
            System.out.print(text);
            return 0;
        } catch (SamplingCancelledException e) {
            System.err.println("stopped: " + e.getMessage() + "; nothing was written");
            return StopOnShutdown.STOPPED_EXIT_CODE;
        }
    }

    /** One condition: the judge's verdicts and the generated blocks' mean distance to the real ones. */
    private record Row(String label, ImageSetReport report, double levelsFromReal) {}

    private String report(Path modelFile, int n, double seconds, List<Row> rows) {
        StringBuilder text = new StringBuilder("# Kept blocks with " + modelFile.getFileName() + "\n\n");
        text.append(String.format(Locale.ROOT, "%d %s evaluation prompts, their own real image as the source, blocks %s"
                + " kept, strength %s, %d steps a block, guidance %s, style strength %s; generated in %.0f s.%n%n", n,
                heldOut ? "held-out" : "seen", keep, strength, steps, cfg, styleStrength, seconds));
        text.append("| condition | identity top-1 | identity top-5 | style | generated blocks vs real, mean |Δ| (8-bit levels) |\n");
        text.append("| --- | ---: | ---: | ---: | ---: |\n");
        for (Row row : rows) {
            text.append("| ").append(row.label())
                    .append(" | ").append(percent(row.report().promptAccuracy().identityTop1()))
                    .append(" | ").append(percent(row.report().promptAccuracy().identityTop5()))
                    .append(" | ").append(percent(row.report().styleAccuracy()))
                    .append(" | ").append(Double.isNaN(row.levelsFromReal()) ? "—"
                            : String.format(Locale.ROOT, "%.1f", row.levelsFromReal()))
                    .append(" |\n");
        }
        return text.toString();
    }

    /**
     * The kept and control sets judged prompt by prompt (the same prompts, seeds and real halves): how
     * many only the kept set gets right, how many only the control, and the two-sided exact sign test
     * (McNemar's) of the difference.
     */
    private static String paired(String label, ImageSetReport kept, ImageSetReport control,
            java.util.function.Predicate<ImageVerdict> hit) {
        int onlyKept = 0;
        int onlyControl = 0;
        for (int i = 0; i < kept.verdicts().size(); i++) {
            boolean k = hit.test(kept.verdicts().get(i));
            boolean c = hit.test(control.verdicts().get(i));
            onlyKept += k && !c ? 1 : 0;
            onlyControl += c && !k ? 1 : 0;
        }
        return String.format(Locale.ROOT, "Paired, identity %s: %d prompts right only with the kept blocks generated"
                + " after, %d right only in the splice control; two-sided exact sign test p = %.3g.%n", label, onlyKept,
                onlyControl, signTest(onlyKept, onlyControl));
    }

    /** Two-sided exact binomial test of {@code a} against {@code b} successes at even odds. */
    static double signTest(int a, int b) {
        int n = a + b;
        if (n == 0) {
            return 1;
        }
        double tail = 0;
        for (int i = 0; i <= Math.min(a, b); i++) {
            tail += Math.exp(logChoose(n, i) - n * Math.log(2));
        }
        return Math.min(1, 2 * tail);
    }

    private static double logChoose(int n, int k) {
        double sum = 0;
        for (int i = 1; i <= k; i++) {
            sum += Math.log(n - k + i) - Math.log(i);
        }
        return sum;
    }

    /** The first {@value #GRID_COLUMNS} prompts, one column each; one row per set, each image shown ×3. */
    private static void writeComparison(Path file, List<ImageSet> rows) throws java.io.IOException {
        int scale = 3;
        int size = rows.get(0).size() * scale;
        int columns = Math.min(GRID_COLUMNS, rows.get(0).count());
        java.awt.image.BufferedImage grid = new java.awt.image.BufferedImage(columns * size, rows.size() * size,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = grid.createGraphics();
        try {
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < columns; c++) {
                    g.drawImage(ChwImages.toImage(rows.get(r).image(c), rows.get(r).size(), scale), c * size, r * size, null);
                }
            }
        } finally {
            g.dispose();
        }
        AtomicFiles.write(file, stream -> javax.imageio.ImageIO.write(grid, "png", stream));
    }

    private static final int GRID_COLUMNS = 8;

    private static String percent(Proportion p) {
        return String.format(Locale.ROOT, "%.1f %% [%.1f, %.1f] (%d/%d)", 100 * p.value(), 100 * p.low(), 100 * p.high(),
                p.successes(), p.count());
    }
}
