package dev.tessera.compression.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.LayerPart;
import dev.tessera.generation.acdit.model.RemovedPart;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerUpdatesTest {

    /** Layer 5 removed, layer 3 lost its MLP: the first pruned layer is 3. */
    private static final AcditConfig STUDENT = AcditFixtures.tiny(16, 4, 2).withDepth(6)
            .withRemoved(List.of(new RemovedPart(3, LayerPart.MLP), new RemovedPart(5, LayerPart.LAYER)));
    private static final Map<Integer, Double> SENSITIVITY = Map.of(0, 9.0, 1, 5.0, 2, 3.0, 3, 0.2, 4, 0.1, 5, 0.05);

    @Test
    void preservationFreezesEverythingBeforeTheFirstPrunedLayer() {
        LayerUpdates updates = LayerUpdates.of(STUDENT, true, UpdateScaling.UNIFORM, SENSITIVITY);
        assertEquals(3, updates.firstTrained());
        for (String frozen : List.of("patch_embed.weight", "time.fc1.weight", "cond.style", "layers.0.adaln.weight",
                "layers.2.mlp.fc2.bias")) {
            assertEquals(0.0, updates.factor(frozen), frozen);
        }
        for (String trained : List.of("layers.3.adaln.weight", "layers.4.attn.qkv.weight", "final.out.weight")) {
            assertEquals(1.0, updates.factor(trained), trained);
        }
        assertEquals(1.0, LayerUpdates.of(STUDENT, false, UpdateScaling.UNIFORM, SENSITIVITY).factor("cond.prompt.weight"));
    }

    @Test
    void sensitiveLayersMoveLess() {
        // Trained layers 3 (0.2) and 4 (0.1); layer 5 is gone and does not count.
        LayerUpdates continuous = LayerUpdates.of(STUDENT, true, UpdateScaling.CONTINUOUS, SENSITIVITY);
        assertEquals(0.5, continuous.factor("layers.3.attn.proj.weight"), 1e-12);
        assertEquals(1.0, continuous.factor("layers.4.attn.proj.weight"), 1e-12);
        LayerUpdates binary = LayerUpdates.of(STUDENT, true, UpdateScaling.BINARY, SENSITIVITY);
        assertEquals(0.0, binary.factor("layers.3.attn.proj.weight"), "above the median (0.15): frozen");
        assertEquals(1.0, binary.factor("layers.4.attn.proj.weight"));
        assertEquals(1.0, binary.factor("final.adaln.weight"), "the output layer always trains");
        assertThrows(IllegalArgumentException.class,
                () -> LayerUpdates.of(STUDENT, true, UpdateScaling.CONTINUOUS, Map.of(3, 0.2)), "layer 4 has no sensitivity");
        assertThrows(IllegalArgumentException.class,
                () -> LayerUpdates.of(STUDENT, true, UpdateScaling.CONTINUOUS, Map.of(3, 0.2, 4, Double.NaN)));
        // A layer whose removal costs nothing (closed gates) trains fully, and sets no scale for the others.
        LayerUpdates untouched = LayerUpdates.of(STUDENT, true, UpdateScaling.CONTINUOUS, Map.of(3, 0.0, 4, 0.1));
        assertEquals(1.0, untouched.factor("layers.3.adaln.weight"));
        assertEquals(1.0, untouched.factor("layers.4.adaln.weight"));
    }
}
