package dev.tessera.ui.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.history.History;
import dev.tessera.app.models.InstalledModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The render side of the view model, with the FX toolkit running but no window. */
class GenerateViewModelTest {

    @TempDir Path folder;
    private final RenderLane lane = new RenderLane();

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage(); // javafx.concurrent.Task reports through the FX thread
    }

    @AfterEach
    void close() {
        lane.close();
    }

    private GenerateViewModel viewModel(Path modelFile) throws Exception {
        GenerateViewModel[] vm = new GenerateViewModel[1];
        FxToolkit.setupFixture(() -> {
            vm[0] = new GenerateViewModel(lane, new History(folder.resolve("history")), () -> 3);
            vm[0].form().setModels(List.of(new InstalledModel("m", InstalledModel.Source.USER, modelFile, 1, "acdit", "")));
            vm[0].form().promptProperty().set("cat");
        });
        return vm[0];
    }

    @Test
    void aModelThatCannotBeLoadedIsAClearFailureNotAHang() throws Exception {
        Path broken = Files.writeString(folder.resolve("m.safetensors"), "not a model");
        GenerateViewModel vm = viewModel(broken);
        FxToolkit.setupFixture(() -> assertTrue(vm.generate()));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        String status = vm.statusProperty().get();
        assertTrue(status.startsWith("Render failed: ") && status.contains("m.safetensors"), status);
        assertTrue(vm.results().isEmpty());
        assertFalse(Files.exists(folder.resolve("history")));
    }

    @Test
    void anInvalidFormDoesNotStartARender() throws Exception {
        GenerateViewModel vm = viewModel(folder.resolve("m.safetensors"));
        FxToolkit.setupFixture(() -> {
            vm.form().countProperty().set("0");
            assertFalse(vm.generate());
        });
        assertEquals("Fix the highlighted fields first.", vm.statusProperty().get());
        assertFalse(vm.runningProperty().get());
    }
}
