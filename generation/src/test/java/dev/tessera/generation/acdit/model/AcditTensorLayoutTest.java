package dev.tessera.generation.acdit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.engine.OfflineEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The layout computed from a config is the network's, name for name and shape for shape. */
class AcditTensorLayoutTest {

    @Test
    void theComputedLayoutIsTheNetworksForImageVideoAndPrunedModels() {
        AcditConfig image = TinyAcditModelFile.config(16, 2);
        List<AcditConfig> configs = List.of(image, TinyAcditModelFile.videoConfig(4),
                image.withDepth(3).withRemoved(List.of(new RemovedPart(0, LayerPart.MLP),
                        new RemovedPart(1, LayerPart.LAYER), new RemovedPart(2, LayerPart.ADALN),
                        new RemovedPart(2, LayerPart.ATTENTION))));
        for (AcditConfig config : configs) {
            try (NDManager manager = OfflineEngine.newManager(); AcditModel model = AcditModel.initialise(config, 1, manager)) {
                Map<String, long[]> layout = AcditTensorLayout.of(config);
                assertEquals(List.copyOf(model.parameters().names()), List.copyOf(layout.keySet()), config.toString());
                model.parameters().asMap().forEach((name, array) ->
                        assertArrayEquals(array.getShape().getShape(), layout.get(name), name));
                long count = layout.values().stream().mapToLong(s -> java.util.Arrays.stream(s).reduce(1, (a, b) -> a * b)).sum();
                if (!config.isPruned()) {
                    assertEquals(count, AcditTensorLayout.wholeParameterCount(config.patchFloats(), config.width(),
                            config.depth(), config.mlpRatio(), config.promptDim(), config.styles().size(), config.headDim()));
                }
            }
        }
    }
}
