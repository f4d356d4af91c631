package dev.tessera.generation.eval;

import dev.tessera.generation.judge.JudgeRunner;
import dev.tessera.generation.metrics.FeatureDistanceSummary;
import dev.tessera.generation.metrics.FeatureMatrix;
import dev.tessera.generation.metrics.PairedFeatureDistance;
import dev.tessera.generation.metrics.PairedPsnr;
import dev.tessera.generation.metrics.PixelRange;
import dev.tessera.generation.metrics.PsnrSummary;

/**
 * Fidelity of one generator to another run with the same prompts and seeds (a compressed model to
 * its original, an ensemble to an expert): pixel PSNR and the judge-feature distance, pair by pair.
 */
public final class PairedComparison {

    /** Both summaries for one pair of image sets. */
    public record Result(PsnrSummary psnr, FeatureDistanceSummary features) {}

    private PairedComparison() {}

    public static Result compare(ImageSet first, ImageSet second, JudgeRunner judge) {
        if (first.count() != second.count() || first.size() != second.size()) {
            throw new IllegalArgumentException("paired sets differ: " + first.count() + " vs " + second.count()
                    + " images of " + first.size() + " vs " + second.size() + " px");
        }
        for (int i = 0; i < first.count(); i++) {
            EvalPrompt a = first.prompts().get(i);
            EvalPrompt b = second.prompts().get(i);
            if (!a.prompt().equals(b.prompt()) || a.style() != b.style()) {
                throw new IllegalArgumentException("image " + (i + 1) + " is not a pair: '" + a.prompt() + "' ("
                        + a.style().id() + ") vs '" + b.prompt() + "' (" + b.style().id() + ")");
            }
        }
        float[][] x = new float[first.count()][];
        float[][] y = new float[second.count()][];
        for (int i = 0; i < first.count(); i++) {
            x[i] = first.image(i);
            y[i] = second.image(i);
        }
        PsnrSummary psnr = PairedPsnr.compare(x, y, PixelRange.SIGNED_UNIT);
        FeatureMatrix fx = FeatureMatrix.of(judge.judge(first.pixels(), first.count()).features());
        FeatureMatrix fy = FeatureMatrix.of(judge.judge(second.pixels(), second.count()).features());
        return new Result(psnr, PairedFeatureDistance.compare(fx, fy));
    }
}
