package dev.tessera.compression.measure;

import ai.djl.ndarray.NDManager;
import dev.tessera.compression.CompressionInfo;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.eval.EvalPrompt;
import dev.tessera.generation.eval.EvaluationSession;
import dev.tessera.generation.eval.ImageSet;
import dev.tessera.generation.eval.ImageSetReport;
import dev.tessera.generation.eval.PairedComparison;
import dev.tessera.generation.metrics.PsnrSummary;
import dev.tessera.generation.metrics.ReferenceStatistics;
import dev.tessera.generation.nn.Int4Runtime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Measures compressed variants of a model side by side with the original, all on the same prompts
 * and seeds: size (parameters, file, weights in memory), peak RSS, latency (interleaved, as ratios to
 * the original), quality by the judge (FED, identity accuracy) and fidelity to the original's images
 * (paired PSNR). An INT4 variant is measured in both runtimes; both compute the same weights, so its
 * images are rendered once.
 */
public final class CompressionLadder {

    /** One model of the ladder; the first is the original the others are compared with. */
    public record Variant(String label, Path file) {}

    /** Settings of one ladder. */
    public record Settings(List<EvalPrompt> prompts, int stepsPerBlock, AcditGuidance guidance, int latencyRounds,
            int rssImages) {}

    /** A runtime's figures: weights in memory, peak RSS of a process rendering with it, seconds per image. */
    public record Runtime(long weightBytes, long peakRssBytes, double secondsPerImage) {}

    /**
     * One measured variant. {@code packed} is present for INT4 variants.
     *
     * @param psnr paired PSNR against the original's images (the original's own row: all identical)
     */
    public record Row(Variant variant, CompressionInfo compression, long fileBytes, Runtime atLoad,
            Optional<Runtime> packed, ImageSetReport quality, PsnrSummary psnr) {}

    private CompressionLadder() {}

    /** The images a variant (number {@code index}, 0 = the original) rendered and the judge's report on them. */
    public record Rendered(int index, Variant variant, ImageSet images, ImageSetReport quality) {}

    public static List<Row> measure(List<Variant> variants, Settings settings, EvaluationSession session,
            Consumer<String> log, CancellationToken cancellation) throws Exception {
        return measure(variants, settings, session, log, r -> {}, cancellation);
    }

    /** As above; {@code rendered} hears each variant's images as they are judged (to keep sample grids). */
    public static List<Row> measure(List<Variant> variants, Settings settings, EvaluationSession session,
            Consumer<String> log, Consumer<Rendered> rendered, CancellationToken cancellation) throws Exception {
        if (variants.size() < 2) {
            throw new IllegalArgumentException("a ladder needs the original and at least one variant");
        }
        try (NDManager manager = OfflineEngine.newManager()) {
            List<LadderModel> atLoad = new ArrayList<>();
            List<Optional<LadderModel>> packed = new ArrayList<>();
            List<CompressionInfo> info = new ArrayList<>();
            List<LadderModel> timed = new ArrayList<>();
            for (Variant variant : variants) {
                CompressionInfo compression = CompressionInfo.of(variant.file());
                info.add(compression);
                LadderModel model = LadderModel.load(variant.file(), manager, Int4Runtime.DEQUANTIZE_AT_LOAD);
                atLoad.add(model);
                timed.add(model);
                Optional<LadderModel> perLayer = compression.int4().isPresent()
                        ? Optional.of(LadderModel.load(variant.file(), manager, Int4Runtime.DEQUANTIZE_PER_LAYER))
                        : Optional.empty();
                perLayer.ifPresent(timed::add);
                packed.add(perLayer);
            }
            log.accept("timing " + timed.size() + " models, " + settings.latencyRounds() + " interleaved rounds");
            double[] seconds = InterleavedLatency.ofModels(timed, settings.latencyRounds(), settings.stepsPerBlock(),
                    settings.guidance(), cancellation);
            List<Row> rows = new ArrayList<>();
            ImageSet original = null;
            int t = 0;
            for (int i = 0; i < variants.size(); i++) {
                Variant variant = variants.get(i);
                log.accept("rendering " + settings.prompts().size() + " prompts with " + variant.label());
                ImageSet images = atLoad.get(i).render(settings.prompts(), settings.stepsPerBlock(), settings.guidance(),
                        cancellation);
                original = i == 0 ? images : original;
                ImageSetReport quality = session.evaluator().evaluate(variant.label(), images, ReferenceStatistics.BASE_EMOJI);
                rendered.accept(new Rendered(i, variant, images, quality));
                PsnrSummary psnr = PairedComparison.compare(original, images, session.runner()).psnr();
                log.accept("peak RSS of " + variant.label());
                Runtime loadRuntime = new Runtime(atLoad.get(i).weightBytes(),
                        peakRss(variant, Int4Runtime.DEQUANTIZE_AT_LOAD, settings), seconds[t++]);
                Optional<Runtime> packedRuntime = Optional.empty();
                if (packed.get(i).isPresent()) {
                    packedRuntime = Optional.of(new Runtime(packed.get(i).get().weightBytes(),
                            peakRss(variant, Int4Runtime.DEQUANTIZE_PER_LAYER, settings), seconds[t++]));
                }
                rows.add(new Row(variant, info.get(i), Files.size(variant.file()), loadRuntime, packedRuntime, quality, psnr));
            }
            return rows;
        }
    }

    private static long peakRss(Variant variant, Int4Runtime runtime, Settings settings)
            throws IOException, InterruptedException {
        return PeakRssProbe.measure(variant.file(), runtime, settings.rssImages(), settings.stepsPerBlock(),
                settings.guidance());
    }
}
