package dev.tessera.generation.eval;

import dev.tessera.generation.judge.JudgeRunner;
import dev.tessera.generation.judge.JudgeVerdicts;
import dev.tessera.generation.judge.JudgeVocabulary;
import dev.tessera.generation.metrics.FeatureMatrix;
import dev.tessera.generation.metrics.FrechetBootstrap;
import dev.tessera.generation.metrics.KernelInceptionDistance;
import dev.tessera.generation.metrics.MetricEstimate;
import dev.tessera.generation.metrics.PromptAccuracy;
import dev.tessera.generation.metrics.Proportion;
import dev.tessera.generation.metrics.ReferenceStatistics;
import dev.tessera.generation.metrics.StyleAccuracy;
import java.util.ArrayList;
import java.util.List;

/** Judges an image set and measures it: FED, KID, prompt accuracy and style accuracy. */
public final class ImageSetEvaluator {

    private final JudgeRunner judge;
    private final JudgeVocabulary vocabulary;
    private final ReferenceSet reference;
    private final EvaluationOptions options;

    public ImageSetEvaluator(JudgeRunner judge, JudgeVocabulary vocabulary, ReferenceSet reference,
            EvaluationOptions options) {
        this.judge = judge;
        this.vocabulary = vocabulary;
        this.reference = reference;
        this.options = options;
    }

    /** Measures against the reference of every style. */
    public ImageSetReport evaluate(String label, ImageSet images) {
        return evaluate(label, images, ReferenceStatistics.ALL_STYLES);
    }

    /** Measures against one reference set ("google", "twitter" or "all"). */
    public ImageSetReport evaluate(String label, ImageSet images, String referenceKey) {
        int n = images.count();
        JudgeVerdicts verdicts = judge.judge(images.pixels(), n);
        FeatureMatrix features = FeatureMatrix.of(verdicts.features());
        MetricEstimate fed = FrechetBootstrap.estimate(reference.frechet(referenceKey), features, options.bootstrap());
        MetricEstimate kid = KernelInceptionDistance.compute(features, reference.features(referenceKey), options.kid())
                .estimate(0.95);
        int[] identity = new int[n];
        int[] subcategory = new int[n];
        int[] style = new int[n];
        for (int i = 0; i < n; i++) {
            EvalPrompt prompt = images.prompts().get(i);
            identity[i] = vocabulary.identityOf(prompt.emoji());
            subcategory[i] = vocabulary.subcategoryOf(prompt.subcategory());
            style[i] = vocabulary.styleOf(prompt.style());
        }
        PromptAccuracy accuracy = PromptAccuracy.evaluate(verdicts.identityLogits(), identity,
                verdicts.subcategoryLogits(), subcategory);
        Proportion styleAccuracy = StyleAccuracy.fromLogits(verdicts.styleLogits(), style);
        return new ImageSetReport(label, referenceKey, n, fed, kid, accuracy, styleAccuracy,
                verdictsOf(images, verdicts, identity, style));
    }

    private List<ImageVerdict> verdictsOf(ImageSet images, JudgeVerdicts verdicts, int[] identity, int[] style) {
        List<ImageVerdict> out = new ArrayList<>();
        for (int i = 0; i < images.count(); i++) {
            int[] top5 = topK(verdicts.identityLogits()[i], 5);
            int predictedStyle = topK(verdicts.styleLogits()[i], 1)[0];
            boolean inTop5 = false;
            for (int c : top5) {
                inTop5 |= c == identity[i];
            }
            out.add(new ImageVerdict(images.prompts().get(i), vocabulary.identityNames().get(top5[0]),
                    top5[0] == identity[i], inTop5, vocabulary.styles().get(predictedStyle),
                    predictedStyle == style[i]));
        }
        return out;
    }

    /** Indices of the k largest values, largest first (ties: lower index first). */
    private static int[] topK(float[] values, int k) {
        return java.util.stream.IntStream.range(0, values.length).boxed()
                .sorted((a, b) -> Float.compare(values[b], values[a]))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }
}
