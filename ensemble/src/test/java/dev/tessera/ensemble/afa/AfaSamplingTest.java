package dev.tessera.ensemble.afa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetFixtures;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.ensemble.unet.UnetSampler;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingCancelledException;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.engine.OfflineEngine;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ensembles and the baselines sample on the shared diffusion core: same seed, same pixels. */
class AfaSamplingTest {

    @TempDir
    Path folder;

    private final UnetConfig config = UnetFixtures.tiny();
    private final AcditGuidance guidance = new AcditGuidance(2.0, 0.5);

    @Test
    void theSameSeedGivesTheSamePixelsAlsoAfterSavingAndLoading() throws Exception {
        List<Path> experts = AfaFixtures.expertFiles(folder, config, 2, 90);
        Path file = folder.resolve("afa.safetensors");
        List<AcditCondition> conditions = UnetFixtures.conditions(config, 3);
        long[] seeds = {11, 12, 13};
        List<float[]> first;
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble ensemble = AfaEnsemble.assemble(experts, new AggregatorConfig(8), 5, manager)) {
            AfaFixtures.perturb(ensemble.aggregatorParameters(), 2, 0.3);
            UnetSampler sampler = sampler(ensemble);
            List<Integer> arraysBefore = arrayCounts(ensemble);
            first = sampler.sample(conditions, seeds, guidance, SamplingOptions.steps(5));
            assertEquals(arraysBefore, arrayCounts(ensemble), "a job leaves nothing on the aggregator's or the experts' managers");
            List<float[]> again = sampler.sample(conditions, seeds, guidance, SamplingOptions.steps(5));
            List<float[]> other = sampler.sample(conditions, new long[] {21, 22, 23}, guidance, SamplingOptions.steps(5));
            for (int i = 0; i < seeds.length; i++) {
                assertArrayEquals(first.get(i), again.get(i), 0f, "image " + i);
                assertFalse(Arrays.equals(first.get(i), other.get(i)), "another seed, another image " + i);
            }
            ensemble.save(file, AfaFixtures.PROVENANCE);
        }
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble loaded = AfaEnsemble.load(file, manager)) {
            List<float[]> reloaded = sampler(loaded).sample(conditions, seeds, guidance, SamplingOptions.steps(5));
            for (int i = 0; i < seeds.length; i++) {
                assertArrayEquals(first.get(i), reloaded.get(i), 0f, "image " + i + " after loading");
            }
        }
    }

    @Test
    void cancellingAnEnsembleJobLeavesNothingOnItsManager() throws Exception {
        List<Path> experts = AfaFixtures.expertFiles(folder, config, 2, 95);
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble ensemble = AfaEnsemble.assemble(experts, new AggregatorConfig(8), 5, manager)) {
            CancellationToken token = new CancellationToken();
            SamplingOptions options = SamplingOptions.steps(4).withCancellation(token).withListener(step -> token.cancel());
            long before = ensemble.manager().getManagedArrays().size();
            assertThrows(SamplingCancelledException.class, () -> sampler(ensemble).sample(
                    UnetFixtures.conditions(config, 1), new long[] {1}, guidance, options));
            assertEquals(before, ensemble.manager().getManagedArrays().size());
        }
    }

    @Test
    void outputAveragingAndParameterAveragingAreTheMeansOfTheExperts() throws Exception {
        List<Path> experts = AfaFixtures.expertFiles(folder, config, 2, 97);
        Path merged = folder.resolve("merged.safetensors");
        ParameterAveraging.write(experts, merged, AfaFixtures.PROVENANCE);
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel a = UnetModel.load(experts.get(0), manager);
                UnetModel b = UnetModel.load(experts.get(1), manager);
                UnetModel mean = UnetModel.load(merged, manager)) {
            for (String name : List.of("conv_in.weight", "mid.attn.qkv.weight", "conv_out.bias")) {
                float[] pa = a.parameters().get(name).toFloatArray();
                float[] pb = b.parameters().get(name).toFloatArray();
                float[] expected = new float[pa.length];
                for (int i = 0; i < pa.length; i++) {
                    expected[i] = (0f + pa[i] + pb[i]) / 2;
                }
                assertArrayEquals(expected, mean.parameters().get(name).toFloatArray(), 0f, name);
            }
            OutputAveraging averaging = new OutputAveraging(List.of(a.network(), b.network()));
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = AfaAggregatorTest.noisy(scope, config, 2);
                NDArray t = scope.create(new float[] {50, 900});
                List<AcditCondition> conditions = UnetFixtures.conditions(config, 2);
                float[] ea = a.network().forward(x, t, conditions).toFloatArray();
                float[] eb = b.network().forward(x, t, conditions).toFloatArray();
                float[] expected = new float[ea.length];
                for (int i = 0; i < ea.length; i++) {
                    expected[i] = (ea[i] + eb[i]) / 2;
                }
                assertArrayEquals(expected, averaging.forward(x, t, conditions).toFloatArray(), 0f);
            }
            UnetSampler sampler = new UnetSampler(averaging, manager, SamplerKind.DDIM.create(LinearNoiseSchedule.ddpm()));
            List<float[]> one = sampler.sample(UnetFixtures.conditions(config, 1), new long[] {4}, guidance,
                    SamplingOptions.steps(4));
            List<float[]> two = sampler.sample(UnetFixtures.conditions(config, 1), new long[] {4}, guidance,
                    SamplingOptions.steps(4));
            assertArrayEquals(one.get(0), two.get(0), 0f, "ε averaging samples deterministically");
        }
    }

    /** Arrays on the aggregator's manager, then on each expert's. */
    private static List<Integer> arrayCounts(AfaEnsemble ensemble) {
        List<Integer> counts = new java.util.ArrayList<>();
        counts.add(ensemble.manager().getManagedArrays().size());
        ensemble.experts().forEach(e -> counts.add(e.parameters().manager().getManagedArrays().size()));
        return counts;
    }

    private static UnetSampler sampler(AfaEnsemble ensemble) {
        return new UnetSampler(ensemble.network(), ensemble.manager(),
                SamplerKind.defaultKind().create(LinearNoiseSchedule.ddpm()));
    }
}
