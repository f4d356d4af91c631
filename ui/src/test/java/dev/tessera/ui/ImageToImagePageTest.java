package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.InitImage;
import dev.tessera.app.generate.Recipe;
import dev.tessera.app.generate.RecipePng;
import dev.tessera.app.settings.SeedMode;
import dev.tessera.generation.image.ChwImages;
import dev.tessera.generation.image.SourceImages;
import dev.tessera.ui.generate.GenerateViewModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Generate page's image-to-image section in a real (headless) window with the bundled default
 * model (32×32, 2×2 blocks of 16×16 pixels): a picture, two blocks kept by clicking them, the
 * strength slider, a render whose kept blocks are the picture's pixels and whose recipe says so.
 */
@ExtendWith(ApplicationExtension.class)
class ImageToImagePageTest {

    @TempDir Path models;
    @TempDir Path home;
    @TempDir Path pictures;
    private BundledStudio window;
    private Studio studio;

    private GenerateViewModel open() throws Exception {
        window = BundledStudio.open(home, models);
        studio = window.studio();
        return studio.generate();
    }

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
    }

    /** A 48×40 picture: a red left half and a blue right half with a white stripe. */
    private Path picture() throws Exception {
        BufferedImage image = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 48; x++) {
                image.setRGB(x, y, y % 10 < 2 ? 0xFFFFFF : x < 24 ? 0xD02020 : 0x2040D0);
            }
        }
        Path file = pictures.resolve("source.png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    @Test
    void keepsTheClickedBlocksOfThePictureAndRecordsThemInTheRecipe(FxRobot robot) throws Exception {
        GenerateViewModel vm = open();
        Path source = picture();
        // Esc closes the prompt's suggestion list, which would lie over the blocks.
        robot.clickOn("#prompt").write("cat face").type(KeyCode.ESCAPE);
        robot.interact(() -> {
            vm.form().seedProperty().set("7");
            vm.form().seedModeProperty().set(SeedMode.LOCKED);
            vm.form().stepsProperty().set("2");
            vm.form().countProperty().set("1");
            vm.form().initImageProperty().set(source.toString()); // what "Choose…" or a drop sets
        });
        // The section sits below the buttons: scroll the form down to it, as a user does.
        robot.interact(() -> robot.lookup(".form-scroll").queryAs(javafx.scene.control.ScrollPane.class).setVvalue(1));
        assertNotNull(robot.lookup("#init-image-view").queryAs(ImageView.class).getImage(), "the picture is shown");
        robot.clickOn("#keep-block-0");
        robot.clickOn("#keep-block-3");
        robot.clickOn("#keep-block-1");
        robot.clickOn("#keep-block-1"); // a second click gives the block back to the model
        assertEquals(List.of(0, 3), vm.form().keptBlocks().stream().sorted().toList());
        assertTrue(robot.lookup("#keep-block-3").queryAs(ToggleButton.class).isSelected());
        assertFalse(robot.lookup("#keep-block-1").queryAs(ToggleButton.class).isSelected());
        Slider strength = robot.lookup("#strength").queryAs(Slider.class);
        robot.interact(() -> strength.setValue(0.6));
        assertEquals("0.60", robot.lookup("#strength-value").queryAs(Label.class).getText());

        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.completedRunsProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();

        List<Path> saved = GenerateFlowTest.pngs(home.resolve("history"));
        assertEquals(1, saved.size());
        Recipe recipe = RecipePng.readRecipe(saved.get(0)).orElseThrow();
        InitImage init = recipe.init();
        assertEquals(source.toAbsolutePath().toString(), init.file());
        assertEquals(0.6, init.strength(), 1e-9);
        assertEquals(List.of(0, 3), init.keptBlocks());
        // Blocks 0 (top left) and 3 (bottom right) are the picture's, pixel for pixel; block 1 is the model's.
        BufferedImage expected = ChwImages.toImage(SourceImages.read(source, 32), 32);
        BufferedImage made = ImageIO.read(saved.get(0).toFile());
        assertArrayEquals(block(expected, 0, 0), block(made, 0, 0));
        assertArrayEquals(block(expected, 16, 16), block(made, 16, 16));
        assertFalse(java.util.Arrays.equals(block(expected, 16, 0), block(made, 16, 0)));

        robot.clickOn("#init-image-clear");
        assertEquals("", vm.form().initImageProperty().get());
        assertTrue(vm.form().keptBlocks().isEmpty());
        assertFalse(robot.lookup("#init-blocks").query().isVisible());
    }

    @Test
    void anUnreadablePictureIsNamedAndBlocksTheRender(FxRobot robot) throws Exception {
        GenerateViewModel vm = open();
        Path notes = pictures.resolve("notes.png");
        Files.writeString(notes, "not a picture");
        robot.clickOn("#prompt").write("cat face");
        robot.interact(() -> vm.form().initImageProperty().set(notes.toString()));
        Label error = robot.lookup("#init-image-error").queryAs(Label.class);
        assertTrue(error.isVisible());
        assertEquals("Init image " + notes + ": not a readable image (PNG, JPEG, GIF or BMP)", error.getText());
        assertTrue(robot.lookup("#generate").queryAs(Button.class).isDisabled());
    }

    private static int[] block(BufferedImage image, int x, int y) {
        return image.getRGB(x, y, 16, 16, null, 0, 16);
    }
}
