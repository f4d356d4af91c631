package dev.tessera.app.cli;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.compression.measure.CompressionLadder;
import dev.tessera.compression.measure.LadderReport;
import dev.tessera.compression.measure.LadderSheet;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.SamplingCancelledException;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.eval.EvalPrompt;
import dev.tessera.generation.eval.EvalPromptSet;
import dev.tessera.generation.eval.EvaluationOptions;
import dev.tessera.generation.eval.EvaluationSession;
import dev.tessera.generation.eval.ImageSet;
import dev.tessera.generation.eval.ReportFiles;
import dev.tessera.generation.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera eval compression}: the compression ladder, every variant against the original on the same prompts and seeds. */
@Command(name = "compression", mixinStandardHelpOptions = true,
        description = "Measure compressed variants of a model (ACDiT or U-Net expert) against the original: size, memory, latency, quality"
                + " (FED, identity accuracy) and paired PSNR, on the same evaluation prompts and seeds.")
final class EvalCompressionCommand implements Callable<Integer> {

    @Option(names = "--variant", required = true, description = "LABEL=FILE, repeated; the first is the original") List<String> variants;
    @Option(names = "--prompts", defaultValue = "seen", description = "evaluation prompts: seen (324) or all (500) (default: ${DEFAULT-VALUE})") String prompts;
    @Option(names = "--style", description = "measure only the prompts of this style (google or twitter), e.g. a U-Net expert's own (default: both)") String style;
    @Option(names = "--count", description = "measure only this many of the prompts, spread evenly over them (default: all)") Integer count;
    @Option(names = "--latency-rounds", defaultValue = "5", description = "interleaved timing rounds; medians are reported (default: ${DEFAULT-VALUE})") int latencyRounds;
    @Option(names = "--rss-images", defaultValue = "16", description = "images each peak-RSS process renders (default: ${DEFAULT-VALUE})") int rssImages;
    @Option(names = "--judge", description = "judge model (default: " + EvalCommand.DEFAULT_JUDGE + ")") Path judge;
    @Option(names = "--out", required = true, description = "folder for report.md, ladder.dat, sheet.png (a row of samples per model) and a folder of each model's images and judge's grid (01 = the original)") Path out;

    /** Images per row of the sample sheet. */
    private static final int SHEET_COLUMNS = 16;

    @Override
    public Integer call() throws Exception {
        List<CompressionLadder.Variant> ladder = new ArrayList<>();
        for (String variant : variants) {
            int split = variant.indexOf('=');
            if (split <= 0 || split == variant.length() - 1) {
                throw new IllegalArgumentException("--variant takes LABEL=FILE, got '" + variant + "'");
            }
            ladder.add(new CompressionLadder.Variant(variant.substring(0, split), Path.of(variant.substring(split + 1))));
        }
        if (!prompts.equals("seen") && !prompts.equals("all")) {
            throw new IllegalArgumentException("--prompts is seen or all, not '" + prompts + "'");
        }
        Optional<EmojiStyle> onlyStyle = Optional.ofNullable(style).map(EmojiStyle::parse);
        List<EvalPrompt> chosen = EvalContributionsCommand.spread(EvalPromptSet.bundled().prompts().stream()
                .filter(p -> prompts.equals("all") || p.seen())
                .filter(p -> onlyStyle.isEmpty() || p.style() == onlyStyle.get()).toList(), count);
        AcditGuidance guidance = new AcditGuidance(GenerationRequest.DEFAULT_GUIDANCE, GenerationRequest.DEFAULT_STYLE_STRENGTH);
        CompressionLadder.Settings settings = new CompressionLadder.Settings(chosen, GenerationRequest.DEFAULT_STEPS,
                guidance, latencyRounds, rssImages);
        return StopOnShutdown.runCancellable(cancellation -> measure(ladder, settings, cancellation));
    }

    private int measure(List<CompressionLadder.Variant> ladder, CompressionLadder.Settings settings,
            CancellationToken cancellation) throws Exception {
        long started = System.nanoTime();
        List<CompressionLadder.Row> rows;
        try (EvaluationSession session = EvaluationSession.open(EvalCommand.judgePath(judge), EvaluationOptions.defaults())) {
            Files.createDirectories(out);
            List<ImageSet> images = new ArrayList<>();
            rows = CompressionLadder.measure(ladder, settings, session, System.err::println, rendered -> {
                images.add(rendered.images());
                try {
                    ReportFiles.write(Files.createDirectories(out.resolve(String.format(Locale.ROOT, "%02d",
                            rendered.index() + 1))), rendered.images(), rendered.quality());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, cancellation);
            LadderSheet.write(out.resolve("sheet.png"), images, SHEET_COLUMNS, 2);
        } catch (SamplingCancelledException e) {
            System.err.println("stopped: " + e.getMessage() + "; nothing was written");
            return StopOnShutdown.STOPPED_EXIT_CODE;
        }
        String text = String.format(Locale.ROOT, "%d %s evaluation prompts%s per model, their committed seeds; %d steps a"
                + " block (a U-Net's image is one block), guidance %s, style strength %s, DPM-Solver++(2M). Seconds: one image, medians of %d interleaved"
                + " rounds in one process; peak RSS: a process of its own per model and runtime (heap fixed at 768 MB),"
                + " rendering %d prompts; %d cores; %.0f min in all.%n%n", settings.prompts().size(), prompts,
                style == null ? "" : " of style " + style,
                settings.stepsPerBlock(), settings.guidance().scale(), settings.guidance().styleStrength(),
                settings.latencyRounds(), settings.rssImages(), Runtime.getRuntime().availableProcessors(),
                (System.nanoTime() - started) / 60e9) + LadderReport.markdown(rows);
        Files.createDirectories(out);
        AtomicFiles.write(out.resolve("report.md"), text.getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(out.resolve("ladder.dat"), LadderReport.plotData(rows).getBytes(StandardCharsets.UTF_8));
        System.out.print(text);
        return 0;
    }
}
