package dev.tessera.generation.eval;

import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.judge.JudgeRunner;
import dev.tessera.generation.metrics.FeatureMatrix;
import dev.tessera.generation.metrics.FrechetReference;
import dev.tessera.generation.metrics.GaussianStats;
import dev.tessera.generation.metrics.ReferenceStatistics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The judge's features of the reference half of the real images, per style and for all styles,
 * with their Gaussian fits. Computed from the bundled data with the bundled judge (a few seconds),
 * so it always matches the judge in use.
 */
public final class ReferenceSet {

    private final Map<String, FeatureMatrix> features = new LinkedHashMap<>();
    private final Map<String, FrechetReference> frechet = new LinkedHashMap<>();

    public ReferenceSet(JudgeRunner judge, RealImages real) {
        // Judge every reference image once; the per-style sets are row selections of it.
        int[] all = real.reference(null);
        ImageSet images = real.imageSet(all);
        FeatureMatrix allFeatures = FeatureMatrix.of(judge.judge(images.pixels(), images.count()).features());
        for (EmojiStyle style : real.data().styles()) {
            int[] rows = java.util.stream.IntStream.range(0, all.length)
                    .filter(r -> real.data().sample(all[r]).style() == style).toArray();
            add(style.id(), allFeatures.selectRows(rows));
        }
        add(ReferenceStatistics.ALL_STYLES, allFeatures);
        int[] base = java.util.stream.IntStream.range(0, all.length)
                .filter(r -> !real.data().sample(all[r]).item().hasSkinTone()).toArray();
        add(ReferenceStatistics.BASE_EMOJI, allFeatures.selectRows(base));
    }

    private void add(String key, FeatureMatrix matrix) {
        features.put(key, matrix);
        frechet.put(key, FrechetReference.of(GaussianStats.fit(matrix)));
    }

    /** Key for a style ("google", "twitter"), {@link ReferenceStatistics#ALL_STYLES} or {@link ReferenceStatistics#BASE_EMOJI}. */
    public FeatureMatrix features(String key) {
        return require(features, key);
    }

    public FrechetReference frechet(String key) {
        return require(frechet, key);
    }

    public ReferenceStatistics statistics(String featureModel) {
        Map<String, GaussianStats> stats = new LinkedHashMap<>();
        frechet.forEach((k, v) -> stats.put(k, v.stats()));
        return new ReferenceStatistics(featureModel, stats);
    }

    private static <T> T require(Map<String, T> map, String key) {
        T value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no reference set '" + key + "' (have " + map.keySet() + ")");
        }
        return value;
    }
}
