package dev.tessera.generation.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.ModelMetadata;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterStoreTest {

    @TempDir
    Path dir;

    @Test
    void savesAndLoadsInPlaceKeepingArrayReferences() throws ModelFileException {
        Path file = dir.resolve("p.safetensors");
        try (NDManager root = OfflineEngine.newManager();
                ParameterStore saved = ParameterStore.create(root);
                ParameterStore loaded = ParameterStore.create(root)) {
            saved.add("layer.w", m -> m.create(new float[] {1.5f, -0f, Float.NaN, 3f}, new Shape(2, 2)));
            saved.add("layer.b", m -> m.create(new float[] {7f}));
            NDArray w = loaded.add("layer.w", m -> m.zeros(new Shape(2, 2)));
            loaded.add("layer.b", m -> m.zeros(new Shape(1)));

            saved.save(file, ModelMetadata.empty());
            loaded.load(file);

            assertSame(w, loaded.get("layer.w"));
            assertEquals(saved.toTensors(""), loaded.toTensors(""));
            assertEquals(List.of("layer.w", "layer.b"), List.copyOf(loaded.names()));
            assertEquals(5, loaded.elementCount());
        }
    }

    @Test
    void loadingAFileWithOtherParametersFailsNamingThem() throws ModelFileException {
        Path file = dir.resolve("p.safetensors");
        try (NDManager root = OfflineEngine.newManager();
                ParameterStore saved = ParameterStore.create(root);
                ParameterStore other = ParameterStore.create(root)) {
            saved.add("a", m -> m.zeros(new Shape(2)));
            other.add("a", m -> m.zeros(new Shape(3)));
            saved.save(file, ModelMetadata.empty());

            ModelFileException e = assertThrows(ModelFileException.class, () -> other.load(file));
            assertTrue(e.problem().contains("shape"), e.getMessage());
        }
    }

    @Test
    void closingTheStoreFreesItsArraysButNotTheParent() {
        try (NDManager root = OfflineEngine.newManager()) {
            NDArray outside = root.zeros(new Shape(1));
            ParameterStore store = ParameterStore.create(root);
            NDArray inside = store.add("x", m -> m.ones(new Shape(3)));
            assertArrayEquals(new float[] {1, 1, 1}, inside.toFloatArray());
            store.close();
            assertTrue(inside.isReleased());
            assertEquals(List.of(outside), root.getManagedArrays());
        }
    }
}
