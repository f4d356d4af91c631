package dev.tessera.app.cli;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.ensemble.afa.AfaEnsemble;
import dev.tessera.ensemble.afa.EnsembleNetwork;
import dev.tessera.ensemble.afa.OutputAveraging;
import dev.tessera.ensemble.afa.ParameterAveraging;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.ensemble.unet.UnetNetwork;
import dev.tessera.ensemble.unet.UnetPredictor;
import dev.tessera.ensemble.unet.UnetSampler;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingCancelledException;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.eval.CategoryBreakdown;
import dev.tessera.generation.eval.EvalPrompt;
import dev.tessera.generation.eval.EvalPromptSet;
import dev.tessera.generation.eval.EvaluationOptions;
import dev.tessera.generation.eval.EvaluationSession;
import dev.tessera.generation.eval.ImageDegradation;
import dev.tessera.generation.eval.ImageSet;
import dev.tessera.generation.eval.ImageSetReport;
import dev.tessera.generation.eval.ModelImages;
import dev.tessera.generation.eval.RecordedMetrics;
import dev.tessera.generation.eval.ReportFiles;
import dev.tessera.generation.eval.ReportMarkdown;
import dev.tessera.generation.io.AtomicFiles;
import dev.tessera.generation.metrics.ReferenceStatistics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera eval model}: generates the committed evaluation prompts with a model and measures them. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Generate the fixed evaluation prompts (assets/eval/prompts.json) with a model and measure the images.")
final class EvalModelCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "ACDiT, U-Net or AFA ensemble file") Path model;
    @Option(names = "--mix", description = "for an ensemble: afa (its aggregator, the default), features (feature averaging), eps (ε averaging) or merge (one U-Net whose every weight is the experts' mean) of the same experts") String mix;
@picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    /** Read once from the file's header in {@link #call}. */
    private boolean unet;
    private boolean ensemble;

    @Option(names = "--steps", defaultValue = "" + GenerationRequest.DEFAULT_STEPS, description = "steps per block (default: ${DEFAULT-VALUE})") int steps;
    @Option(names = "--cfg", defaultValue = "" + GenerationRequest.DEFAULT_GUIDANCE, description = "guidance scale (default: ${DEFAULT-VALUE})") double cfg;
    @Option(names = "--style-strength", defaultValue = "" + GenerationRequest.DEFAULT_STYLE_STRENGTH, description = "style-contrast guidance, 0 = off (default: ${DEFAULT-VALUE})") double styleStrength;
    @Option(names = "--seed-offset", defaultValue = "0", description = "added to every prompt's committed seed, for a second, independent sample of images (default: ${DEFAULT-VALUE})") long seedOffset;
    @Option(names = "--sampler", defaultValue = "dpm++2m", description = "dpm++2m, ddim or euler") String sampler;
    @Option(names = "--judge", description = "judge model (default: " + EvalCommand.DEFAULT_JUDGE + ")") Path judge;
    @Option(names = "--schedule", description = "ACDiT steps per block position, e.g. 25,16,8 (the last holds for later blocks); replaces --steps") String schedule;
    @Option(names = "--step-cache", defaultValue = "0", description = "ACDiT step-cache threshold: a layer whose input moved less than this, relative, since its last run is skipped (0 = off, default)") double stepCache;
    @Option(names = "--prompts", description = "measure every k-th prompt of the set so that about this many remain (all 500 when left out), for a quicker comparison") Integer promptCount;
    @Option(names = "--out", required = true, description = "folder for report.json, report.md, grid.png and the images") Path out;
    @Option(names = "--record", description = "also write the seen-emoji numbers into the model file's metadata (tessera.metric.eval_seen_*)") boolean record;

    private dev.tessera.generation.acdit.sampling.StepSchedule blockSteps;
    private double cacheSkipped;

    @Override
    public Integer call() throws Exception {
        String fileKind = kindOf(model);
        ensemble = AfaEnsemble.KIND.equals(fileKind);
        unet = ensemble || UnetModel.KIND.equals(fileKind);
        if (mix != null && !ensemble) {
            throw new IllegalArgumentException("--mix is for an ensemble file; " + model + " is not one");
        }
        if (mix != null && !List.of("afa", "features", "eps", "merge").contains(mix)) {
            throw new IllegalArgumentException("--mix must be afa, features, eps or merge, was '" + mix + "'");
        }
        if (record && mix != null && !mix.equals("afa")) {
            throw new IllegalArgumentException("--record stores the ensemble's own numbers; drop --mix " + mix + " to record");
        }
        CliChecks checks = CliChecks.of(spec);
        (unet ? checks.existingFile("--model", model) : checks.acditModel("--model", model)).atLeast("--steps", steps, 1)
                .between("--cfg", cfg, 0, dev.tessera.app.generate.RequestValidation.MAX_GUIDANCE)
                .between("--style-strength", styleStrength, 0, dev.tessera.app.generate.RequestValidation.MAX_STYLE_STRENGTH)
                .existingFile("--judge", EvalCommand.judgePath(judge)).outputFolder("--out", out).orRefuse();
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be ≥ 1");
        }
        if (promptCount != null && promptCount < 1) {
            throw new IllegalArgumentException("--prompts must be at least 1, got " + promptCount);
        }
        if (record && (promptCount != null || schedule != null || stepCache != 0)) {
            throw new IllegalArgumentException("--record stores the full set's numbers at uniform steps; drop --prompts, --schedule and --step-cache to record");
        }
        blockSteps = schedule == null ? dev.tessera.generation.acdit.sampling.StepSchedule.uniform(steps)
                : dev.tessera.generation.acdit.sampling.StepSchedule.parse(schedule);
        dev.tessera.generation.acdit.model.StepCache.checkThreshold(stepCache);
        if (record && seedOffset != 0) {
            throw new IllegalArgumentException("--record stores the committed seeds' numbers; drop --seed-offset to record");
        }
        AcditGuidance guidance = new AcditGuidance(cfg, styleStrength);
        SamplerKind kind = SamplerKind.fromId(sampler);
        List<EvalPrompt> all = EvalPromptSet.bundled().prompts();
        int every = promptCount == null ? 1 : Math.max(1, all.size() / promptCount);
        List<EvalPrompt> prompts = java.util.stream.IntStream.range(0, all.size()).filter(i -> i % every == 0)
                .limit(promptCount == null ? all.size() : promptCount).mapToObj(all::get)
                .map(p -> new EvalPrompt(p.prompt(), p.style(), p.emoji(), p.subcategory(), p.seen(), p.seed() + seedOffset))
                .toList();
        return StopOnShutdown.runCancellable(cancellation -> measure(prompts, guidance, kind, cancellation));
    }

    /** The file's kind from its header; null when unreadable (the ACDiT check then says what is wrong). */
    private static String kindOf(Path file) {
        try {
            return SafetensorsReader.readMetadata(file).get("tessera.model");
        } catch (ModelFileException e) {
            return null;
        }
    }

    private ImageSet acditImages(NDManager manager, List<EvalPrompt> prompts, AcditGuidance guidance, SamplerKind kind,
            CancellationToken cancellation) throws ModelFileException {
        try (AcditModel acdit = AcditModel.load(model, manager)) {
            return ModelImages.generate(acdit, prompts, blockSteps, stepCache, guidance, kind, cancellation);
        }
    }

    /** A U-Net has one block (the whole image): its steps are the image's. */
    private ImageSet unetImages(NDManager manager, List<EvalPrompt> prompts, AcditGuidance guidance, SamplerKind kind,
            CancellationToken cancellation) throws ModelFileException {
        if (ensemble) {
            try (AfaEnsemble afa = AfaEnsemble.load(model, manager)) {
                if ("merge".equals(mix)) {
                    try (UnetModel merged = ParameterAveraging.merged(afa.experts(), afa.manager())) {
                        return unetImages(merged.network(), afa.manager(), prompts, guidance, kind, cancellation);
                    }
                }
                List<UnetNetwork> experts = afa.experts().stream().map(UnetModel::network).toList();
                UnetPredictor predictor = switch (mix == null ? "afa" : mix) {
                    case "features" -> EnsembleNetwork.featureAveraging(experts);
                    case "eps" -> new OutputAveraging(experts);
                    default -> afa.network();
                };
                return unetImages(predictor, afa.manager(), prompts, guidance, kind, cancellation);
            }
        }
        try (UnetModel unet = UnetModel.load(model, manager)) {
            return unetImages(unet.network(), unet.parameters().manager(), prompts, guidance, kind, cancellation);
        }
    }

    private ImageSet unetImages(UnetPredictor predictor, NDManager home, List<EvalPrompt> prompts,
            AcditGuidance guidance, SamplerKind kind, CancellationToken cancellation) {
        UnetSampler sampler = new UnetSampler(predictor, home, kind.create(LinearNoiseSchedule.ddpm()));
        return ModelImages.generate(predictor.config().imageSize(),
                (conditions, seeds, options) -> sampler.sample(conditions, seeds, guidance, options), prompts,
                SamplingOptions.steps(steps).withCancellation(cancellation));
    }

    private int measure(List<EvalPrompt> prompts, AcditGuidance guidance, SamplerKind kind,
            CancellationToken cancellation) throws Exception {
        ImageSet images;
        long started = System.nanoTime();
        var countsBefore = dev.tessera.generation.acdit.sampling.AcditSampler.threadCacheCounts();
        try (NDManager manager = OfflineEngine.newManager()) {
            images = unet ? unetImages(manager, prompts, guidance, kind, cancellation)
                    : acditImages(manager, prompts, guidance, kind, cancellation);
        } catch (SamplingCancelledException e) {
            System.err.println("stopped: " + e.getMessage() + "; nothing was written");
            return StopOnShutdown.STOPPED_EXIT_CODE;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        cacheSkipped = unet ? 0 : dev.tessera.generation.acdit.sampling.AcditSampler.threadCacheCounts()
                .since(countsBefore).skippedFraction();
        try (EvaluationSession session = EvaluationSession.open(EvalCommand.judgePath(judge), EvaluationOptions.defaults())) {
            // The prompts name base emoji, so they are measured against the base-emoji reference; the real
            // images of the same seen prompts, sharp and blurred, give the FED a perfect model would score.
            String reference = ReferenceStatistics.BASE_EMOJI;
            List<EvalPrompt> seenPrompts = prompts.stream().filter(EvalPrompt::seen).toList();
            List<ImageSetReport> reports = new ArrayList<>();
            ImageSetReport all = session.evaluator().evaluate("all prompts", images, reference);
            reports.add(all);
            ImageSetReport seen = session.evaluator().evaluate("seen emoji", images.filter(EvalPrompt::seen), reference);
            reports.add(seen);
            reports.add(session.evaluator().evaluate("held-out emoji", images.filter(p -> !p.seen()), reference));
            ImageSetReport real = session.evaluator().evaluate("real images of the seen prompts",
                    session.real().imageSetOf(seenPrompts, null), reference);
            reports.add(real);
            reports.add(session.evaluator().evaluate("real images of the seen prompts, blurred σ = 2",
                    session.real().imageSetOf(seenPrompts, new ImageDegradation.Blur(2)), reference));
            if (cancellation.isCancelled()) {
                System.err.println("stopped while judging; nothing was written");
                return StopOnShutdown.STOPPED_EXIT_CODE;
            }
            ReportFiles.write(out, images, all);
            // The real images' verdicts: what a model that drew every seen prompt exactly would be scored (the
            // judge's own misses on them bound every model's accuracy; scripts/style-ceiling.py splits by them).
            ReportFiles.writeJson(out.resolve("real.json"), real);
            dev.tessera.generation.eval.ImageFolder.write(images, out.resolve("images"));
            String table = ReportMarkdown.table(reports) + "\nSeen emoji by category:\n\n"
                    + ReportMarkdown.categoryTable(CategoryBreakdown.of(seen.verdicts(), session.catalogue()::categoryOf))
                    + ReportMarkdown.realStyleMisses(real) + "\nThe real images' verdicts are in real.json.\n";
            String text = "# " + model.getFileName() + (mix == null ? "" : " (" + mix + ")") + " on the evaluation prompts\n\n"
                    + String.format(java.util.Locale.ROOT, "%d images, steps a block %s%s, %s, guidance %s, style strength %s%s;"
                            + " generated in %.0f s.%n%n", images.count(), blockSteps,
                            stepCache == 0 ? "" : ", step cache " + stepCache + " (" + String.format(java.util.Locale.ROOT,
                                    "%.1f %% of layer runs skipped", 100 * cacheSkipped) + ")", kind.id(), cfg, styleStrength,
                            seedOffset == 0 ? "" : ", seeds offset by " + seedOffset, seconds) + table;
            AtomicFiles.write(out.resolve("report.md"), text.getBytes(StandardCharsets.UTF_8));
            System.out.print(text);
            if (record) {
                RecordedMetrics.write(model, "eval_seen", RecordedMetrics.of("eval_seen", seen, steps, guidance));
                System.out.println("recorded the seen-emoji numbers in " + model);
            }
        }
        return 0;
    }
}
