package dev.tessera.app.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.modelfile.ModelFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lane's rules, without rendering: the model is only for work on the lane, errors reach the caller, closing ends it. */
class RenderLaneTest {

    @TempDir Path dir;
    private final RenderLane lane = new RenderLane();

    @AfterEach
    void close() {
        lane.close();
    }

    @Test
    void theModelIsOnlyForWorkOnTheLane() {
        IllegalStateException off = assertThrows(IllegalStateException.class,
                () -> lane.serviceFor(dir.resolve("m.safetensors")));
        assertEquals("the model is used only by work running on the render lane, not on "
                + Thread.currentThread().getName(), off.getMessage());
        assertEquals(0, lane.loads());
    }

    @Test
    void aModelThatCannotBeLoadedFailsTheCallerWithTheFileNamed() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.safetensors"), "not a model");
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> lane.call("render", () -> lane.serviceFor(broken)));
        assertTrue(e.getMessage().contains("broken.safetensors"), e.getMessage());
        assertEquals("render",
                assertThrows(IllegalStateException.class, () -> lane.call("render", () -> {
                    throw new IllegalStateException("render");
                })).getMessage(), "unchecked exceptions arrive as they were thrown");
        assertEquals("lane still works", lane.call("after", () -> "lane still works"));
    }

    @Test
    void afterClosingNoWorkIsTaken() throws Exception {
        lane.close();
        lane.close();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> lane.call("render", () -> 1));
        assertEquals("the render lane is closed; cannot start render", refused.getMessage());
    }
}
