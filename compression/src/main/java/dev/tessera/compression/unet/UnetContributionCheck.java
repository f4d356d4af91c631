package dev.tessera.compression.unet;

import ai.djl.ndarray.NDManager;
import dev.tessera.compression.measure.LadderModel;
import dev.tessera.compression.prune.ContributionCheck;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.eval.EvalPrompt;
import dev.tessera.generation.eval.EvaluationSession;
import dev.tessera.generation.eval.ImageSet;
import dev.tessera.generation.eval.ImageSetReport;
import dev.tessera.generation.eval.PairedComparison;
import dev.tessera.generation.metrics.PsnrSummary;
import dev.tessera.generation.metrics.ReferenceStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import dev.tessera.compression.prune.ProxyRanking;

/**
 * Checks the U-Net's ε-error proxy against what the judge sees, as {@link ContributionCheck} does for ACDiT:
 * each block's ablated expert renders the same evaluation prompts and seeds as the whole expert (DPM-Solver++(2M),
 * as {@link LadderModel} renders them), and its images are judged (identity accuracy) and compared with the whole
 * expert's pair by pair (PSNR).
 */
public final class UnetContributionCheck {

    /** One block's ablation: its ε-error and what its images score. */
    public record Judged(UnetContribution contribution, ImageSetReport quality, PsnrSummary psnr) {}

    /** Every block judged, the whole expert's own score, and how well the proxy ranks the blocks. */
    public record Result(ImageSetReport whole, List<Judged> parts) {

        public Result {
            parts = List.copyOf(parts);
        }

        /** Spearman's rank correlation between the blocks' ε-errors and their loss of identity top-5 accuracy. */
        public double rankCorrelationWithIdentityLoss() {
            return ProxyRanking.withIdentityLoss(errors(), whole.promptAccuracy().identityTop5().value(),
                    parts.stream().mapToDouble(p -> p.quality().promptAccuracy().identityTop5().value()).toArray());
        }

        /** Spearman's rank correlation between the blocks' ε-errors and their paired PSNR to the whole expert. */
        public double rankCorrelationWithPsnr() {
            return ProxyRanking.withPsnr(errors(), parts.stream().mapToDouble(p -> p.psnr().medianDb()).toArray());
        }

        private double[] errors() {
            return parts.stream().mapToDouble(p -> p.contribution().epsilonError()).toArray();
        }
    }

    private UnetContributionCheck() {}

    public static Result judge(UnetModel whole, List<UnetContribution> contributions, EvaluationSession session,
            List<EvalPrompt> prompts, int steps, AcditGuidance guidance, Consumer<String> log,
            CancellationToken cancellation) {
        ImageSet reference = new LadderModel.Unet(whole).render(prompts, steps, guidance, cancellation);
        ImageSetReport wholeReport = session.evaluator().evaluate("whole expert", reference, ReferenceStatistics.BASE_EMOJI);
        List<Judged> judged = new ArrayList<>();
        for (UnetContribution contribution : contributions) {
            log.accept("rendering without " + contribution.part());
            try (NDManager m = whole.parameters().manager().newSubManager();
                    LadderModel.Unet without = new LadderModel.Unet(UnetPruning.prune(whole,
                            whole.config().withRemoved(List.of(contribution.part())), m))) {
                ImageSet images = without.render(prompts, steps, guidance, cancellation);
                judged.add(new Judged(contribution, session.evaluator().evaluate(contribution.part(), images,
                        ReferenceStatistics.BASE_EMOJI), PairedComparison.compare(reference, images, session.runner()).psnr()));
            }
        }
        return new Result(wholeReport, judged);
    }
}
