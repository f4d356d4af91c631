package dev.tessera.generation.metrics;

import java.util.Arrays;
import java.util.Locale;

/**
 * Times the default 200-resample bootstrap FED at d = 256, n = 2000, and 10 KID subsets of 1000 (a benchmark, not a unit test:
 * speed claims live in benchmarks). Run: mvn -B -o -q test-compile && cd generation && java -cp target/classes:target/test-classes:$HOME/.m2/repository/org/apache/
 * commons/commons-math3/3.6.1/commons-math3-3.6.1.jar dev.tessera.generation.metrics.FrechetBootstrapBenchmark [runs]
 */
public final class FrechetBootstrapBenchmark {

    private FrechetBootstrapBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int d = 256;
        int n = 2000;
        FrechetReference reference =
                FrechetReference.of(GaussianStats.fit(FeatureMatrix.of(TestFeatures.correlated(4000, d, 1, 2))));
        FeatureMatrix generated = FeatureMatrix.of(TestFeatures.gaussian(n, d, 3, 0.1, 1.1));
        double[] seconds = new double[runs];
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            MetricEstimate estimate = FrechetBootstrap.estimate(reference, generated, BootstrapOptions.defaults());
            seconds[r] = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "run %d: %.2f s  %s%n", r + 1, seconds[r], estimate);
        }
        long kidStart = System.nanoTime();
        KidResult kid = KernelInceptionDistance.compute(generated,
                FeatureMatrix.of(TestFeatures.correlated(2000, d, 4, 2)), new KidOptions(10, 1000, 0));
        System.out.printf(Locale.ROOT, "KID, 10 subsets of 1000 at d=%d: %.2f s  %s%n", d,
                (System.nanoTime() - kidStart) / 1e9, kid);
        Arrays.sort(seconds);
        System.out.printf(Locale.ROOT, "median of %d runs: %.2f s for 200 resamples (d=%d, n=%d), %s cores%n",
                runs, seconds[runs / 2], d, n, Runtime.getRuntime().availableProcessors());
    }
}
