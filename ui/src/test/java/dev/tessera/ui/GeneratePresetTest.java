package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.Preset;
import dev.tessera.app.generate.Speed;
import dev.tessera.ui.generate.GenerateViewModel;
import java.nio.file.Path;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The speed preset control on the Generate page: it sets the steps, says what each costs, and reaches the request. */
@ExtendWith(ApplicationExtension.class)
class GeneratePresetTest {

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
    void choosingAPresetSetsTheStepsAndTheRequestsSpeed(FxRobot robot) throws Exception {
        window = BundledStudio.open(home, models);
        GenerateViewModel vm = window.studio().generate();
        robot.clickOn("#prompt").write("cat face");
        @SuppressWarnings("unchecked")
        ComboBox<Preset> box = robot.lookup("#preset").queryAs(ComboBox.class);
        assertNull(box.getValue(), "custom until a preset is chosen");
        String tooltip = box.getTooltip().getText();
        for (Preset p : Preset.values()) {
            assertTrue(tooltip.contains(p.summary()), tooltip);
        }
        robot.clickOn("#preset").clickOn("Balanced");
        assertEquals(Preset.BALANCED, box.getValue());
        assertEquals(Integer.toString(Preset.BALANCED.schedule().stepsFor(0)),
                robot.lookup("#steps").queryAs(TextField.class).getText());
        assertEquals(Speed.of(Preset.BALANCED), vm.form().request().orElseThrow().speed());
        // Typing steps by hand leaves the preset: every block takes them.
        robot.doubleClickOn("#steps").write("12");
        assertNull(box.getValue());
        assertEquals(Speed.DEFAULT, vm.form().request().orElseThrow().speed());
        assertEquals(12, vm.form().request().orElseThrow().steps());

        // Fast on the bundled default is its few-step variant, shown in the Model box, with Fast still showing.
        robot.clickOn("#preset").clickOn("Fast");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("acdit-default-fast", vm.form().modelProperty().get().name());
        assertEquals(Preset.FAST, box.getValue());
        assertEquals("4", robot.lookup("#steps").queryAs(TextField.class).getText());
        assertEquals(new Speed(null, 0, Preset.FAST), vm.form().request().orElseThrow().speed());
    }
}
