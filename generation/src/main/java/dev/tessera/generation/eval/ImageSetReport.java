package dev.tessera.generation.eval;

import dev.tessera.generation.metrics.MetricEstimate;
import dev.tessera.generation.metrics.PromptAccuracy;
import dev.tessera.generation.metrics.Proportion;
import java.util.List;

/**
 * The measured quality of one image set: FED and KID against a reference set (with intervals and
 * the sample count), prompt and style accuracy, and the per-image verdicts.
 *
 * @param reference which reference statistics FED and KID were computed against
 * @param kid       KID mean with the 2.5–97.5 % range of its subset values
 */
public record ImageSetReport(String label, String reference, int sampleCount, MetricEstimate fed, MetricEstimate kid,
        PromptAccuracy promptAccuracy, Proportion styleAccuracy, List<ImageVerdict> verdicts) {

    public ImageSetReport {
        verdicts = List.copyOf(verdicts);
    }
}
