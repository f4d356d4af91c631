package dev.tessera.app.cli;

import ai.djl.ndarray.NDManager;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.compression.ModelCompressor;
import dev.tessera.compression.UnetCompressor;
import dev.tessera.compression.unet.UnetCalibrationSet;
import dev.tessera.compression.unet.UnetContribution;
import dev.tessera.compression.unet.UnetContributionAnalysis;
import dev.tessera.compression.unet.UnetContributionCheck;
import dev.tessera.compression.unet.UnetContributionReport;
import dev.tessera.compression.unet.UnetEpsilonError;
import dev.tessera.compression.unet.UnetTrainingImages;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.compression.prune.CalibrationSet;
import dev.tessera.compression.prune.Contribution;
import dev.tessera.compression.prune.ContributionAnalysis;
import dev.tessera.compression.prune.ContributionCheck;
import dev.tessera.compression.prune.EpsilonError;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.LayerPart;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.SamplingCancelledException;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.eval.EvalPrompt;
import dev.tessera.generation.eval.EvalPromptSet;
import dev.tessera.generation.eval.EvaluationOptions;
import dev.tessera.generation.eval.EvaluationSession;
import dev.tessera.generation.io.AtomicFiles;
import dev.tessera.generation.text.PromptEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tessera eval contributions}: each layer's contribution to an ACDiT model, and that of its
 * attention, MLP and adaLN, or each ResBlock's and attention's to a U-Net expert, by the ε-error proxy, checked
 * against the judge on a subset of prompts.
 */
@Command(name = "contributions", mixinStandardHelpOptions = true,
        description = "Remove each layer, attention, MLP and adaLN of an ACDiT model (each ResBlock and attention of a"
                + " U-Net expert) in turn: ε-error against the whole model on a calibration set, and identity accuracy"
                + " and paired PSNR on a subset of the seen prompts (a U-Net expert's: those of its own style).")
final class EvalContributionsCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "ACDiT model or U-Net expert file (whole)") Path model;
    @Option(names = "--calibration", defaultValue = "64", description = "training images in the calibration set (default: ${DEFAULT-VALUE})") int calibration;
    @Option(names = "--judge-prompts", defaultValue = "32", description = "seen evaluation prompts each ablation renders for the judge, spread over the set; 0 skips the check (default: ${DEFAULT-VALUE})") int judgePrompts;
    @Option(names = "--judge", description = "judge model (default: " + EvalCommand.DEFAULT_JUDGE + ")") Path judge;
    @Option(names = "--out", required = true, description = "folder for report.md and contributions.dat") Path out;

    @Override
    public Integer call() throws Exception {
        if (calibration < 1 || judgePrompts < 0) {
            throw new IllegalArgumentException("--calibration must be ≥ 1 and --judge-prompts ≥ 0");
        }
        return StopOnShutdown.runCancellable(UnetCompressor.isUnet(model) ? this::measureUnet : this::measure);
    }

    private int measureUnet(CancellationToken cancellation) throws Exception {
        long started = System.nanoTime();
        try (NDManager manager = OfflineEngine.newManager(); UnetModel whole = UnetModel.load(model, manager)) {
            List<EmojiStyle> styles = UnetTrainingImages.stylesOf(whole);
            UnetCalibrationSet set = UnetCalibrationSet.draw(UnetTrainingImages.of(whole), whole.config().imageSize(),
                    calibration, ModelCompressor.CALIBRATION_SEED);
            List<UnetContribution> contributions = UnetContributionAnalysis.measure(whole, new UnetEpsilonError(set, whole),
                    c -> System.err.printf(Locale.ROOT, "%s: ε-error %.5f%n", c.part(), c.epsilonError()));
            UnetContributionCheck.Result judged = null;
            if (judgePrompts > 0) {
                try (EvaluationSession session = EvaluationSession.open(EvalCommand.judgePath(judge), EvaluationOptions.defaults())) {
                    judged = UnetContributionCheck.judge(whole, contributions, session,
                            spread(EvalPromptSet.bundled().prompts().stream()
                                    .filter(p -> p.seen() && styles.contains(p.style())).toList(), judgePrompts),
                            GenerationRequest.DEFAULT_STEPS, new AcditGuidance(GenerationRequest.DEFAULT_GUIDANCE,
                                    GenerationRequest.DEFAULT_STYLE_STRENGTH), System.err::println, cancellation);
                }
            }
            Files.createDirectories(out);
            String text = UnetContributionReport.markdown(model, whole.config(), styles, calibration, judgePrompts,
                    contributions, judged, (System.nanoTime() - started) / 60e9);
            AtomicFiles.write(out.resolve("report.md"), text.getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(out.resolve("contributions.dat"),
                    UnetContributionReport.plotData(contributions, judged).getBytes(StandardCharsets.UTF_8));
            System.out.print(text);
            return 0;
        } catch (SamplingCancelledException e) {
            System.err.println("stopped: " + e.getMessage() + "; nothing was written");
            return StopOnShutdown.STOPPED_EXIT_CODE;
        }
    }

    private int measure(CancellationToken cancellation) throws Exception {
        long started = System.nanoTime();
        try (NDManager manager = OfflineEngine.newManager(); AcditModel whole = AcditModel.load(model, manager)) {
            EmojiDataset data = EmojiDataset.loadBundled(whole.config().imageSize(),
                    whole.config().styles().toArray(EmojiStyle[]::new));
            CalibrationSet set = CalibrationSet.draw(TrainingExamples.of(data, data.trainIndices(), PromptEncoder.shared()),
                    whole.config().layout(), calibration, ModelCompressor.CALIBRATION_SEED);
            List<Contribution> contributions = ContributionAnalysis.measure(whole, new EpsilonError(set, whole),
                    c -> System.err.printf(Locale.ROOT, "%s: ε-error %.5f%n", c.part().label(), c.epsilonError()));
            ContributionCheck.Result judged = null;
            if (judgePrompts > 0) {
                try (EvaluationSession session = EvaluationSession.open(EvalCommand.judgePath(judge), EvaluationOptions.defaults())) {
                    judged = ContributionCheck.judge(whole, contributions, set, session,
                            spread(EvalPromptSet.bundled().prompts().stream().filter(EvalPrompt::seen).toList(), judgePrompts),
                            GenerationRequest.DEFAULT_STEPS, new AcditGuidance(GenerationRequest.DEFAULT_GUIDANCE,
                                    GenerationRequest.DEFAULT_STYLE_STRENGTH), System.err::println, cancellation);
                }
            }
            Files.createDirectories(out);
            String text = report(contributions, judged, (System.nanoTime() - started) / 60e9);
            AtomicFiles.write(out.resolve("report.md"), text.getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(out.resolve("contributions.dat"), plotData(contributions, judged).getBytes(StandardCharsets.UTF_8));
            System.out.print(text);
            return 0;
        } catch (SamplingCancelledException e) {
            System.err.println("stopped: " + e.getMessage() + "; nothing was written");
            return StopOnShutdown.STOPPED_EXIT_CODE;
        }
    }

    /** {@code count} of {@code prompts} spread evenly over them (all of them for null). */
    static List<EvalPrompt> spread(List<EvalPrompt> prompts, Integer count) {
        if (count == null) {
            return prompts;
        }
        if (count < 1 || count > prompts.size()) {
            throw new IllegalArgumentException("the prompt count must be 1.." + prompts.size() + ", was " + count);
        }
        List<EvalPrompt> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(prompts.get((int) ((long) i * prompts.size() / count)));
        }
        return out;
    }

    private String report(List<Contribution> contributions, ContributionCheck.Result judged, double minutes) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "Each part of %s removed in turn: ε-error"
                + " against the whole model on %d training images (noised at stratified timesteps, a tenth with the null"
                + " condition)%s; %.0f min.%n%n", model.getFileName(), calibration, judged == null ? ""
                        : String.format(Locale.ROOT, "; identity accuracy and paired PSNR on %d seen evaluation prompts at"
                                + " the defaults (whole model: identity top-5 %.1f %%)", judgePrompts,
                                100 * judged.whole().promptAccuracy().identityTop5().value()), minutes));
        text.append("| part | parameters | ε-error |").append(judged == null ? "" : " identity top-5 | paired PSNR, median dB |")
                .append("\n| --- | ---: | ---: |").append(judged == null ? "" : " ---: | ---: |").append('\n');
        for (int i = 0; i < contributions.size(); i++) {
            Contribution c = contributions.get(i);
            text.append(String.format(Locale.ROOT, "| %s | %,d | %.5f |", c.part().label(), c.parametersSaved(), c.epsilonError()));
            if (judged != null) {
                ContributionCheck.Judged j = judged.parts().get(i);
                text.append(String.format(Locale.ROOT, " %.1f %% | %.1f |",
                        100 * j.quality().promptAccuracy().identityTop5().value(), j.psnr().medianDb()));
            }
            text.append('\n');
        }
        if (judged != null) {
            text.append(String.format(Locale.ROOT, "%nSpearman rank correlation of the ε-error with the loss of identity"
                    + " top-5: %.2f; with the paired PSNR: %.2f.%n", judged.rankCorrelationWithIdentityLoss(),
                    judged.rankCorrelationWithPsnr()));
        }
        return text.toString();
    }

    /** One line per layer: ε-error of the layer, attention, MLP, adaLN; then their identity top-5 (%) when judged. */
    private static String plotData(List<Contribution> contributions, ContributionCheck.Result judged) {
        StringBuilder out = new StringBuilder("# layer eps_layer eps_attention eps_mlp eps_adaln"
                + (judged == null ? "" : " top5_layer top5_attention top5_mlp top5_adaln top5_whole") + "\n");
        int parts = LayerPart.values().length;
        for (int start = 0; start < contributions.size(); start += parts) {
            out.append(contributions.get(start).part().layer());
            for (int p = 0; p < parts; p++) {
                out.append(String.format(Locale.ROOT, " %.6f", contributions.get(start + p).epsilonError()));
            }
            if (judged != null) {
                for (int p = 0; p < parts; p++) {
                    out.append(String.format(Locale.ROOT, " %.2f",
                            100 * judged.parts().get(start + p).quality().promptAccuracy().identityTop5().value()));
                }
                out.append(String.format(Locale.ROOT, " %.2f", 100 * judged.whole().promptAccuracy().identityTop5().value()));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
