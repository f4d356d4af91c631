package dev.tessera.ensemble.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingCancelledException;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.engine.OfflineEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnetSamplerTest {

    @Test
    void theSameSeedGivesTheSamePixelsAndAnImageOfABatchEqualsItAlone() {
        UnetConfig config = UnetFixtures.tiny();
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel model = UnetFixtures.perturbed(config, 8, 0.05, manager)) {
            UnetSampler sampler = new UnetSampler(model, SamplerKind.defaultKind().create(LinearNoiseSchedule.ddpm()));
            List<AcditCondition> conditions = UnetFixtures.conditions(config, 3);
            AcditGuidance guidance = new AcditGuidance(2.0, 0.5);
            List<float[]> batch = sampler.sample(conditions, new long[] {11, 12, 13}, guidance, SamplingOptions.steps(6));
            List<float[]> again = sampler.sample(conditions, new long[] {11, 12, 13}, guidance, SamplingOptions.steps(6));
            List<float[]> alone = sampler.sample(List.of(conditions.get(1)), new long[] {12}, guidance,
                    SamplingOptions.steps(6));
            assertEquals(3, batch.size());
            assertEquals(config.imageFloats(), batch.get(0).length);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(batch.get(i), again.get(i), "image " + i);
            }
            float worst = 0;
            for (int j = 0; j < alone.get(0).length; j++) {
                worst = Math.max(worst, Math.abs(alone.get(0)[j] - batch.get(1)[j]));
            }
            assertTrue(worst < 1e-4, "image 1 of the batch differs from it alone by " + worst);
            assertFalse(java.util.Arrays.equals(batch.get(0), batch.get(1)), "different seeds, different images");
        }
    }

    @Test
    void cancellingStopsWithNoOutputAndFreesTheJobsMemory() {
        UnetConfig config = UnetFixtures.tiny();
        try (NDManager manager = OfflineEngine.newManager();
                UnetModel model = UnetFixtures.perturbed(config, 8, 0.05, manager)) {
            UnetSampler sampler = new UnetSampler(model, SamplerKind.DDIM.create(LinearNoiseSchedule.ddpm()));
            CancellationToken token = new CancellationToken();
            SamplingOptions options = SamplingOptions.steps(5).withCancellation(token)
                    .withListener(step -> token.cancel());
            long before = model.parameters().manager().getManagedArrays().size();
            assertThrows(SamplingCancelledException.class, () -> sampler.sample(UnetFixtures.conditions(config, 1),
                    new long[] {1}, AcditGuidance.of(1.5), options));
            assertEquals(before, model.parameters().manager().getManagedArrays().size(),
                    "nothing is left on the model's manager");
        }
    }
}
