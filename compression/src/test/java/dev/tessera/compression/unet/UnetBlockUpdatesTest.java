package dev.tessera.compression.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.compression.distill.UpdateScaling;
import dev.tessera.ensemble.unet.UnetConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which parameters of a pruned U-Net distillation trains, and how fast. */
class UnetBlockUpdatesTest {

    private static final UnetConfig WHOLE = UnetPruningPlanTest.WHOLE;
    /** up.1.res.1 removed: everything before it (the encoder, the middle, up.1.res.0 and its attention) is frozen. */
    private static final UnetConfig STUDENT = WHOLE.withRemoved(List.of("up.1.res.1"));
    private static final Map<String, Double> SENSITIVITY = Map.of("up.1.attn.1", 0.01, "up.0.res.0", 0.04,
            "up.0.res.1", 0.02);

    private static List<UnetContribution> contributions() {
        List<UnetContribution> out = new ArrayList<>();
        List<String> parts = WHOLE.removableParts();
        for (int i = 0; i < parts.size(); i++) {
            out.add(new UnetContribution(parts.get(i), i, 1, SENSITIVITY.getOrDefault(parts.get(i), 0.5)));
        }
        return out;
    }

    @Test
    void theNetworksPartsAreInForwardOrderWithTheirResampling() {
        assertEquals(List.of("time", "cond", "conv_in", "down.0.res.0", "down.0.downsample", "down.1.res.0", "down.1.attn.0",
                "mid.res1", "mid.attn", "mid.res2", "up.1.res.0", "up.1.attn.0", "up.1.res.1", "up.1.attn.1", "up.1.upsample",
                "up.0.res.0", "up.0.res.1", "out_norm", "conv_out"), UnetBlockUpdates.order(WHOLE));
    }

    @Test
    void preservationFreezesWhatPrecedesTheFirstRemovedBlockAndContinuousScalingSlowsTheSensitive() {
        UnetBlockUpdates updates = UnetBlockUpdates.of(STUDENT, true, UpdateScaling.CONTINUOUS, contributions());
        for (String frozen : List.of("time.fc1.weight", "cond.prompt.weight", "conv_in.weight", "down.0.res.0.conv1.weight",
                "down.0.downsample.weight", "mid.attn.qkv.weight", "up.1.res.0.conv2.weight", "up.1.attn.0.proj.weight")) {
            assertEquals(0, updates.factor(frozen), frozen);
        }
        assertEquals(1, updates.factor("up.1.res.1.skip.weight"), "a removed block's skip convolution trains fully");
        assertEquals(1, updates.factor("up.1.attn.1.qkv.weight"), "the least sensitive block trains fully");
        assertEquals(0.25, updates.factor("up.0.res.0.conv1.weight"), 1e-12, "0.01 / 0.04");
        assertEquals(0.5, updates.factor("up.0.res.1.film.weight"), 1e-12, "0.01 / 0.02");
        assertEquals(1, updates.factor("up.1.upsample.weight"));
        assertEquals(1, updates.factor("conv_out.bias"));
        assertTrue(updates.frozenDescription().contains("up.1.attn.0"), updates.frozenDescription());
    }

    @Test
    void binaryFreezesTheBlocksAboveTheMedianAndWithoutPreservationEverythingTrains() {
        UnetBlockUpdates binary = UnetBlockUpdates.of(STUDENT, true, UpdateScaling.BINARY, contributions());
        assertEquals(1, binary.factor("up.1.attn.1.proj.weight"));
        assertEquals(1, binary.factor("up.0.res.1.conv2.weight"), "0.02 is the median");
        assertEquals(0, binary.factor("up.0.res.0.conv2.weight"));
        UnetBlockUpdates all = UnetBlockUpdates.of(STUDENT, false, UpdateScaling.UNIFORM, List.of());
        for (String name : List.of("time.fc1.weight", "conv_in.bias", "down.1.attn.0.norm.weight", "up.0.res.0.conv1.weight")) {
            assertEquals(1, all.factor(name), name);
        }
        assertThrows(IllegalArgumentException.class, () -> all.factor("final.weight"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> UnetBlockUpdates.of(STUDENT, true, UpdateScaling.CONTINUOUS, List.of()));
        assertTrue(missing.getMessage().contains("needs a finite sensitivity"), missing.getMessage());
    }
}
