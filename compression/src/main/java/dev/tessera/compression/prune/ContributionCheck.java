package dev.tessera.compression.prune;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.eval.EvalPrompt;
import dev.tessera.generation.eval.EvaluationSession;
import dev.tessera.generation.eval.ImageSet;
import dev.tessera.generation.eval.ImageSetReport;
import dev.tessera.generation.eval.ModelImages;
import dev.tessera.generation.eval.PairedComparison;
import dev.tessera.generation.metrics.PsnrSummary;
import dev.tessera.generation.metrics.ReferenceStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Checks the ε-error proxy against what the judge sees: each part's ablated model renders the same
 * evaluation prompts and seeds as the whole model, and its images are judged (identity accuracy) and
 * compared with the whole model's pair by pair (PSNR).
 */
public final class ContributionCheck {

    /** One part's ablation: its ε-error and what its images score. */
    public record Judged(Contribution contribution, ImageSetReport quality, PsnrSummary psnr) {}

    /** Every part judged, the whole model's own score, and how well the proxy ranks the parts. */
    public record Result(ImageSetReport whole, List<Judged> parts) {

        /** Spearman's rank correlation between the parts' ε-errors and their loss of identity top-5 accuracy. */
        public double rankCorrelationWithIdentityLoss() {
            return ProxyRanking.withIdentityLoss(errors(), whole.promptAccuracy().identityTop5().value(),
                    parts.stream().mapToDouble(p -> p.quality().promptAccuracy().identityTop5().value()).toArray());
        }

        /** Spearman's rank correlation between the parts' ε-errors and their paired PSNR to the whole model. */
        public double rankCorrelationWithPsnr() {
            return ProxyRanking.withPsnr(errors(), parts.stream().mapToDouble(p -> p.psnr().medianDb()).toArray());
        }

        private double[] errors() {
            return parts.stream().mapToDouble(p -> p.contribution().epsilonError()).toArray();
        }
    }

    private ContributionCheck() {}

    public static Result judge(AcditModel whole, List<Contribution> contributions, CalibrationSet calibration,
            EvaluationSession session, List<EvalPrompt> prompts, int stepsPerBlock, AcditGuidance guidance,
            Consumer<String> log, CancellationToken cancellation) {
        ImageSet reference = ModelImages.generate(whole, prompts, stepsPerBlock, guidance, SamplerKind.DPM_SOLVER_PP_2M,
                cancellation).clamped();
        ImageSetReport wholeReport = session.evaluator().evaluate("whole model", reference, ReferenceStatistics.BASE_EMOJI);
        List<Judged> judged = new ArrayList<>();
        for (Contribution contribution : contributions) {
            log.accept("rendering without " + contribution.part().label());
            try (NDManager m = whole.parameters().manager().newSubManager();
                    AcditModel without = PrunedModels.prune(whole,
                            whole.config().withRemoved(List.of(contribution.part())), calibration, m)) {
                ImageSet images = ModelImages.generate(without, prompts, stepsPerBlock, guidance,
                        SamplerKind.DPM_SOLVER_PP_2M, cancellation).clamped();
                judged.add(new Judged(contribution, session.evaluator().evaluate(contribution.part().label(), images,
                        ReferenceStatistics.BASE_EMOJI), PairedComparison.compare(reference, images, session.runner()).psnr()));
            }
        }
        return new Result(wholeReport, judged);
    }
}
