package dev.tessera.generation.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GaussianStatsTest {

    @TempDir
    Path folder;

    @Test
    void fitGivesTheMeanAndTheUnbiasedCovariance() {
        double[][] rows = {{1, 2}, {3, 0}, {2, 7}, {6, 3}};
        GaussianStats stats = GaussianStats.fit(FeatureMatrix.of(rows));
        // Means 3 and 3; deviations (-2,-1), (0,-3), (-1,4), (3,0); sums of products over n - 1 = 3.
        assertArrayEquals(new double[] {3, 3}, stats.mean(), 1e-15);
        assertArrayEquals(new double[] {14 / 3.0, -2 / 3.0}, stats.covariance()[0], 1e-15);
        assertArrayEquals(new double[] {-2 / 3.0, 26 / 3.0}, stats.covariance()[1], 1e-15);
        assertEquals(4, stats.sampleCount());
    }

    @Test
    void covarianceStaysAccurateUnderAHugeCommonOffset() {
        // E[xx'] - mm' would lose every digit here; centring first keeps them.
        double[][] rows = TestFeatures.correlated(100, 5, 1, 2);
        double[][] plain = GaussianStats.fit(FeatureMatrix.of(rows)).covariance();
        double[][] shifted = GaussianStats.fit(FeatureMatrix.of(TestFeatures.addToEveryValue(rows, 1e8)))
                .covariance();
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(plain[i], shifted[i], 1e-6);
        }
    }

    @Test
    void invalidInputsAreRejectedNamingTheProblem() {
        assertMessage("at least 2 feature rows", () -> GaussianStats.fit(FeatureMatrix.of(new double[][] {{1, 2}})));
        assertMessage("row 1, column 0 is NaN",
                () -> FeatureMatrix.of(new double[][] {{1, 2}, {Double.NaN, 0}}));
        assertMessage("row 2 has 1 features but row 0 has 2",
                () -> FeatureMatrix.of(new double[][] {{1, 2}, {3, 4}, {5}}));
        assertMessage("not symmetric", () -> new GaussianStats(new double[] {0, 0},
                new double[][] {{1, 0.5}, {0.4, 1}}, 3));
        assertMessage("must be 2 x 2", () -> new GaussianStats(new double[] {0, 0}, new double[][] {{1}}, 3));
        assertMessage("at least 2 samples", () -> new GaussianStats(new double[] {0}, new double[][] {{1}}, 1));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
    }

    @Test
    void statsAreCopiedSoCallersCannotAlterThem() {
        double[] mean = {1, 2};
        double[][] cov = {{1, 0}, {0, 1}};
        GaussianStats stats = new GaussianStats(mean, cov, 5);
        mean[0] = 99;
        cov[0][0] = 99;
        stats.covariance()[1][1] = 42;
        assertEquals(1, stats.mean()[0]);
        assertEquals(1, stats.covariance()[0][0]);
        assertEquals(1, stats.covariance()[1][1]);
    }

    @Test
    void referenceStatisticsRoundTripThroughJsonBitForBit() throws IOException {
        GaussianStats google = GaussianStats.fit(FeatureMatrix.of(TestFeatures.correlated(50, 4, 1, 2)));
        GaussianStats twitter = GaussianStats.fit(FeatureMatrix.of(TestFeatures.correlated(70, 4, 3, 4)));
        GaussianStats all = GaussianStats.fit(FeatureMatrix.of(TestFeatures.correlated(120, 4, 5, 6)));
        ReferenceStatistics saved = new ReferenceStatistics("judge-test-v1",
                Map.of("google", google, "twitter", twitter, ReferenceStatistics.ALL_STYLES, all));
        Path file = folder.resolve("stats/reference.json");
        ReferenceStatisticsFile.write(file, saved);
        ReferenceStatistics loaded = ReferenceStatisticsFile.read(file);
        assertEquals(saved, loaded);
        assertEquals(70, loaded.get("twitter").sampleCount());
        assertEquals(120, loaded.get("all").sampleCount());
        assertTrue(Files.readString(file).contains("\"sampleCount\":50"));
    }

    @Test
    void wrongOrDamagedFilesFailWithTheFileNamed() throws IOException {
        Path other = folder.resolve("other.json");
        Files.writeString(other, "{\"format\":\"something-else\",\"version\":1,\"featureModel\":\"x\",\"sets\":{}}");
        IOException e = assertThrows(IOException.class, () -> ReferenceStatisticsFile.read(other));
        assertTrue(e.getMessage().contains("other.json") && e.getMessage().contains("something-else"),
                e.getMessage());
        Path nan = folder.resolve("negative-variance.json");
        Files.writeString(nan, "{\"format\":\"tessera-reference-statistics\",\"version\":1,\"featureModel\":\"x\","
                + "\"sets\":{\"all\":{\"mean\":[0],\"covariance\":[[-1]],\"sampleCount\":3}}}");
        IOException e2 = assertThrows(IOException.class, () -> ReferenceStatisticsFile.read(nan));
        assertTrue(e2.getMessage().contains("negative-variance.json"), e2.getMessage());
    }

    @Test
    void referenceSetsMustShareOneDimensionAndBeLookedUpByName() {
        GaussianStats two = new GaussianStats(new double[] {0, 0}, new double[][] {{1, 0}, {0, 1}}, 3);
        GaussianStats one = new GaussianStats(new double[] {0}, new double[][] {{1}}, 3);
        assertMessage("has dimension", () -> new ReferenceStatistics("j", Map.of("google", two, "twitter", one)));
        ReferenceStatistics stats = new ReferenceStatistics("j", Map.of("google", two));
        assertMessage("have [google]", () -> stats.get("twitter"));
    }
}
