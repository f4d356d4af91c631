package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.Recipe;
import dev.tessera.app.generate.RecipePng;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.ui.generate.GenerateViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Choosing the bundled few-step model in the Model box shows its own sampling in the fields (4 DDIM steps,
 * guidance 1, style strength 0), and what renders is what the fields show.
 */
@ExtendWith(ApplicationExtension.class)
class FastModelStudioTest {

    @TempDir Path models;
    @TempDir Path home;
    private BundledStudio window;

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
    }

    @Test
    void theFewStepModelSetsItsFieldsAndRendersWithThem(FxRobot robot) throws Exception {
        window = BundledStudio.open(home, models);
        GenerateViewModel vm = window.studio().generate();
        robot.clickOn("#prompt").write("rocket");
        @SuppressWarnings("unchecked")
        ComboBox<InstalledModel> box = robot.lookup("#model").queryAs(ComboBox.class);
        InstalledModel fast = box.getItems().stream().filter(m -> m.name().equals("acdit-default-fast")).findFirst()
                .orElseThrow(() -> new AssertionError("the few-step model is not offered: " + box.getItems()));
        robot.interact(() -> {
            vm.form().countProperty().set("1");
            box.setValue(fast);
        });
        assertEquals("4", robot.lookup("#steps").queryAs(TextField.class).getText());
        assertEquals(List.of("1", "0"), List.of(vm.form().guidanceProperty().get(), vm.form().styleStrengthProperty().get()));
        assertTrue(robot.lookup("#preset").query().isDisabled(), "speed presets do not apply to a few-step model");
        assertTrue(vm.form().noticeProperty().get().startsWith("acdit-default-fast is sampled with 4 steps a block (ddim)"),
                vm.form().noticeProperty().get());

        robot.clickOn("#generate");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.completedRunsProperty().get() == 1);
        try (Stream<Path> files = Files.walk(home.resolve("history"))) {
            Path png = files.filter(f -> f.toString().endsWith(".png")).findFirst().orElseThrow();
            Recipe recipe = RecipePng.readRecipe(png).orElseThrow();
            assertEquals(List.of("rocket", "ddim", 4, 1.0, 0.0), List.of(recipe.prompt(), recipe.sampler(), recipe.steps(),
                    recipe.guidance(), recipe.styleStrength()));
            assertTrue(recipe.model().contains("acdit-default-fast"), recipe.model());
        }
    }
}
