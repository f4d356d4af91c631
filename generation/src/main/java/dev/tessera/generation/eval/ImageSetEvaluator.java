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
import dev.tessera.generation.metrics.TopKAccuracy;
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

    /** Per-image verdicts by the same top-k rule (ties count against the target) as the aggregate figures. */
    private List<ImageVerdict> verdictsOf(ImageSet images, JudgeVerdicts verdicts, int[] identity, int[] style) {
        List<ImageVerdict> out = new ArrayList<>();
        for (int i = 0; i < images.count(); i++) {
            float[] identityLogits = verdicts.identityLogits()[i];
            float[] styleLogits = verdicts.styleLogits()[i];
            out.add(new ImageVerdict(images.prompts().get(i),
                    vocabulary.identityNames().get(TopKAccuracy.argMax(identityLogits)),
                    TopKAccuracy.isHit(identityLogits, identity[i], 1), TopKAccuracy.isHit(identityLogits, identity[i], 5),
                    vocabulary.styles().get(TopKAccuracy.argMax(styleLogits)), TopKAccuracy.isHit(styleLogits, style[i], 1)));
        }
        return out;
    }
}
