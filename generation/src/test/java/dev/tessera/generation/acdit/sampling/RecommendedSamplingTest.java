package dev.tessera.generation.acdit.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.diffusion.SamplerKind;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecommendedSamplingTest {

    @Test
    void aFewStepStudentsEntryReadsAndAModelWithoutOneHasNone() {
        Map<String, String> metadata = Map.of(RecommendedSampling.KEY,
                "{\"sampler\":\"ddim\",\"steps\":4,\"guidance\":1.0,\"styleStrength\":0.0}");
        RecommendedSampling r = RecommendedSampling.of(metadata, "fast.safetensors").orElseThrow();
        assertEquals(new RecommendedSampling(SamplerKind.DDIM, 4, 1.0, 0.0), r);
        assertEquals("4 steps a block (ddim), guidance 1, style strength 0", r.describe());
        assertEquals(Optional.empty(), RecommendedSampling.of(Map.of("tessera.model", "acdit"), "plain.safetensors"));
    }

    @Test
    void aMalformedEntryIsRefusedNamingTheFileAndTheKey() {
        for (String bad : new String[] {"not json", "{\"sampler\":\"plms\",\"steps\":4,\"guidance\":1,\"styleStrength\":0}",
                "{\"sampler\":\"ddim\",\"steps\":0,\"guidance\":1,\"styleStrength\":0}",
                "{\"sampler\":\"ddim\",\"steps\":4,\"guidance\":\"high\",\"styleStrength\":0}",
                "{\"sampler\":\"ddim\",\"steps\":4,\"guidance\":-1,\"styleStrength\":0}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RecommendedSampling.of(Map.of(RecommendedSampling.KEY, bad), "odd.safetensors"), bad);
            assertTrue(e.getMessage().startsWith("odd.safetensors: metadata " + RecommendedSampling.KEY), e.getMessage());
        }
    }
}
