package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.ui.generate.GenerateViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TextField;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The bundled video model as a new user meets it: offered in the Model box, choosing it switches the page to
 * clips at its training length of 16 frames, and a short clip renders block by block into a playing clip of
 * 32×32 frames. (VideoModeTest covers the video mode's every control with a tiny untrained model.)
 */
@ExtendWith(ApplicationExtension.class)
class BundledVideoModelStudioTest {

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
    void theBundledVideoModelSwitchesThePageToClipsAndMakesOne(FxRobot robot) throws Exception {
        window = BundledStudio.open(home, models);
        GenerateViewModel vm = window.studio().generate();
        BundledStudio.chooseModel(robot, "acdit-video");
        assertTrue(robot.lookup("#clip-fields").query().isVisible(), "a video model shows frames and fps");
        assertEquals("16", robot.lookup("#frames").queryAs(TextField.class).getText(), "its training length");
        assertTrue(robot.lookup("#still-opening").queryAs(CheckBox.class).isSelected(),
                "clips open with the image model's still by default, as in the CLI");

        robot.interact(() -> {
            vm.form().promptProperty().set("red heart moving left");
            vm.form().seedProperty().set("2");
            vm.form().stepsProperty().set("2");
            vm.form().countProperty().set("1");
            vm.form().framesProperty().set("4");
        });
        robot.clickOn("#generate");
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> vm.completedRunsProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, vm.clips().size());
        assertEquals(4, vm.player().frameCountProperty().get());
        assertEquals("red heart", vm.clips().get(0).recipe().still().prompt(),
                "the clip opened with the default image model's red heart");
        try (Stream<Path> files = Files.walk(home.resolve("history"))) {
            List<Path> frames = files.filter(f -> f.getFileName().toString().startsWith("frame-")).sorted().toList();
            assertEquals(4, frames.size(), "History keeps the clip's frames");
            assertEquals(32, ImageIO.read(frames.get(0).toFile()).getWidth(), "frames of the model's 32×32");
        }
    }
}
