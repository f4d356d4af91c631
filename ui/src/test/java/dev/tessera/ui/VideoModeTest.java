package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.history.HistoryEntry;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.JobState;
import dev.tessera.app.video.ClipRecipe;
import dev.tessera.app.video.ClipRendering;
import dev.tessera.ui.generate.GenerateViewModel;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Generate page's video mode end to end with a real video model file (the video architecture's
 * parity twin: 16×16 frames, blocks of 2 frames, untrained, so its frames are noise): choosing it shows
 * the clip fields, a clip of 4 frames at 2 steps arrives block by block, plays, scrubs, exports a GIF,
 * lands in the history as a clip that replays identically, queues through the studio's queue, and
 * choosing an image model again brings the image mode back. Cancelling mid-clip saves nothing.
 * With {@code -Dtessera.screenshots=true} it writes docs/screenshots/generate-video.png
 * ({@code -Dtessera.screenshots.video-model=<file>} uses a trained video model instead of the twin).
 */
@ExtendWith(ApplicationExtension.class)
class VideoModeTest {

    /** Tests run in the repository root (as BundledStudio's assets/models). */
    static final Path VIDEO_TWIN = Path.of("generation", "src", "test", "resources", "parity",
            "acdit-video-twin-model.safetensors");

    @TempDir Path models;
    @TempDir Path home;
    @TempDir Path exports;
    private BundledStudio window;

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
    }

    private GenerateViewModel open(FxRobot robot) throws Exception {
        String trained = System.getProperty("tessera.screenshots.video-model", "");
        Files.copy(trained.isBlank() ? VIDEO_TWIN : Path.of(trained), models.resolve("acdit-video-test.safetensors"));
        window = BundledStudio.open(home, models);
        return window.studio().generate();
    }

    private void choose(FxRobot robot, String name) {
        BundledStudio.chooseModel(robot, name);
    }

    @Test
    void aVideoModelMakesAClipThatPlaysExportsReplaysAndQueues(FxRobot robot) throws Exception {
        GenerateViewModel vm = open(robot);
        assertFalse(robot.lookup("#clip-fields").query().isVisible(), "image mode first: no clip fields");
        assertFalse(robot.lookup("#init-image-drop").query().isDisabled());

        choose(robot, "acdit-video-test");
        assertTrue(robot.lookup("#clip-fields").query().isVisible(), "a video model shows frames and fps");
        assertEquals("4", robot.lookup("#frames").queryAs(TextField.class).getText(), "the model's training length");
        assertTrue(robot.lookup("#init-image-drop").query().isDisabled(), "image to image is off for clips");
        assertTrue(robot.lookup("#init-image-off").query().isVisible(), "with its reason");
        // the model's rules for frames show under the field
        robot.interact(() -> vm.form().framesProperty().set("3"));
        assertTrue(robot.lookup("#frames-error").queryAs(Label.class).getText().contains("multiple of the model's block"),
                robot.lookup("#frames-error").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#generate").query().isDisabled());

        robot.interact(() -> {
            vm.form().promptProperty().set("rocket moving up");
            vm.form().seedProperty().set("5");
            vm.form().stepsProperty().set("2");
            vm.form().countProperty().set("1");
            vm.form().framesProperty().set("4");
            vm.form().fpsProperty().set("6");
        });
        List<Integer> framesSeen = new ArrayList<>();
        robot.interact(() -> vm.framesShownProperty().addListener((obs, old, now) -> {
            if (now.intValue() > 0) {
                framesSeen.add(now.intValue());
            }
        }));
        robot.clickOn("#generate");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.completedRunsProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        // two blocks of two frames each, shown as each block finished
        assertEquals(List.of(2, 4), framesSeen);
        assertEquals(1, vm.clips().size());

        // the clip plays in place at its fps, and scrubbing pauses on a frame
        ClipPlayer player = vm.player();
        assertEquals(4, player.frameCountProperty().get());
        assertEquals(6, player.fpsProperty().get());
        assertTrue(player.playingProperty().get(), "a finished clip plays");
        int before = player.frameProperty().get();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> player.frameProperty().get() != before);
        robot.clickOn("#clip-play");
        assertFalse(player.playingProperty().get(), "Pause stops it");
        Slider scrubber = robot.lookup("#clip-frame").queryAs(Slider.class);
        assertEquals(3, scrubber.getMax());
        robot.interact(() -> scrubber.setValue(0));
        Image first = robot.lookup("#preview").queryAs(ImageView.class).getImage();
        robot.interact(() -> scrubber.setValue(2));
        Label caption = robot.lookup("#preview-caption").queryAs(Label.class);
        assertTrue(caption.getText().endsWith("frame 3 of 4"), caption.getText());
        assertFalse(GenerateFlowTest.samePixels(first, robot.lookup("#preview").queryAs(ImageView.class).getImage()),
                "frame 3 is not frame 1");
        assertFalse(robot.lookup("#step-scrub").query().isVisible(), "the step scrubber is for images");
        assertTrue(robot.lookup("#clip-player").query().isVisible());
        assertTrue(robot.lookup("#clip-exports").query().isVisible());
        assertFalse(robot.lookup("#save").query().isVisible(), "Save… is for images");

        if (Boolean.getBoolean("tessera.screenshots")) {
            shoot(robot, "generate-video.png");
        }
        // export: a GIF of 4 frames at the exports' scale, with the recipe; the same name again is not replaced
        Path gif = exports.resolve("rocket.gif");
        robot.interact(() -> vm.exportClip(0, gif));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> gif.equals(vm.lastExportProperty().get()));
        assertEquals(4, gifFrames(gif));
        assertEquals(16 * ClipRendering.DEFAULT_SCALE, ImageIO.read(gif.toFile()).getWidth());
        long size = Files.size(gif);
        robot.interact(() -> vm.exportClip(0, gif));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> exports.resolve("rocket-2.gif").equals(vm.lastExportProperty().get()));
        assertEquals(size, Files.size(gif));
        assertEquals(4, gifFrames(exports.resolve("rocket-2.gif")));
        // an MP4, and a folder of the exact frames with the recipe
        Path mp4 = exports.resolve("rocket.mp4");
        robot.interact(() -> vm.exportClip(0, mp4));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> mp4.equals(vm.lastExportProperty().get()));
        assertEquals("ftyp", new String(Files.readAllBytes(mp4), 4, 4, StandardCharsets.US_ASCII));
        Path pngs = exports.resolve("rocket-frames");
        robot.interact(() -> vm.exportClip(0, pngs));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> pngs.equals(vm.lastExportProperty().get()));
        assertEquals(vm.clips().get(0).recipe(), ClipRecipe.fromJson(Files.readString(pngs.resolve(ClipRendering.RECIPE_FILE))));
        assertEquals(16, ImageIO.read(pngs.resolve(ClipRendering.frameName(3)).toFile()).getWidth());

        // the history keeps the clip (its frames and recipe), shows it playing, and replays it identically
        Path folder = vm.clips().get(0).historyFolder();
        ClipRecipe recipe = ClipRecipe.fromJson(Files.readString(folder.resolve(ClipRendering.RECIPE_FILE)));
        assertEquals(List.of("rocket moving up", 5L, 2, 4, 6.0), List.of(recipe.frame().prompt(), recipe.frame().seed(),
                recipe.frame().steps(), recipe.frames(), recipe.fps()));
        for (int f = 0; f < 4; f++) {
            assertEquals(16, ImageIO.read(folder.resolve(ClipRendering.frameName(f)).toFile()).getWidth());
        }
        robot.clickOn("#nav-history");
        @SuppressWarnings("unchecked")
        TableView<HistoryEntry> table = robot.lookup("#history-table").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        assertTrue(table.getItems().get(0).isClip());
        robot.interact(() -> table.getSelectionModel().select(0));
        ClipPlayer historyPlayer = window.studio().history().player();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> historyPlayer.frameCountProperty().get() == 4
                && historyPlayer.playingProperty().get());
        assertNotNull(robot.lookup("#history-clip").queryAs(ImageView.class).getImage());
        assertTrue(robot.lookup("#history-recipe").queryAs(Label.class).getText().contains("Clip: 4 frames"));
        robot.clickOn("#history-replay");
        Label result = robot.lookup("#history-replay-result").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> result.getText().contains(": identical")
                || result.getText().contains("differs") || result.getText().contains("failed"));
        assertTrue(result.getText().endsWith(": identical"), result.getText());
        // Use settings brings the clip's frames and fps back to the form
        robot.interact(() -> {
            vm.form().framesProperty().set("8");
            vm.form().fpsProperty().set("12");
        });
        robot.clickOn("#history-use");
        assertEquals(List.of("4", "6", "5"), List.of(vm.form().framesProperty().get(), vm.form().fpsProperty().get(),
                vm.form().seedProperty().get()));

        // a clip job goes through the studio's render queue, as the CLI's does, and makes a GIF
        robot.clickOn("#nav-generate");
        assertFalse(historyPlayer.playingProperty().get(), "a clip stops playing when its page is left");
        robot.clickOn("#add-to-queue");
        var queue = window.studio().queuePage().model().orElseThrow();
        assertEquals(1, queue.rows().size(), vm.statusProperty().get());
        Job job = queue.rows().get(0).job();
        assertNotNull(job.clip(), "a clip job");
        assertEquals(4, job.clip().frames());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> queue.rows().get(0).job().state().isFinal());
        assertEquals(JobState.DONE, queue.rows().get(0).job().state());
        Path queued = queue.rows().get(0).job().files().get(0);
        assertTrue(queued.toString().endsWith(".gif"), queued.toString());
        assertEquals(4, gifFrames(queued));

        // an image model again: the image mode is back
        choose(robot, InstalledModel.DEFAULT_NAME);
        assertFalse(robot.lookup("#clip-fields").query().isVisible());
        assertFalse(robot.lookup("#init-image-drop").query().isDisabled());
        assertFalse(robot.lookup("#init-image-off").query().isVisible());
        assertTrue(vm.form().clipSettings().isEmpty());
    }

    @Test
    void cancellingMidClipSavesNothing(FxRobot robot) throws Exception {
        GenerateViewModel vm = open(robot);
        choose(robot, "acdit-video-test");
        robot.interact(() -> {
            vm.form().promptProperty().set("cat face spinning");
            vm.form().stepsProperty().set("120"); // long enough a block that the cancel lands inside the second
            vm.form().countProperty().set("1");
            // cancel as soon as the first block's frames are on screen
            vm.framesShownProperty().addListener((obs, old, now) -> {
                if (now.intValue() == 2) {
                    vm.cancel();
                }
            });
        });
        robot.clickOn("#generate");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        assertEquals("Cancelled; nothing was saved.", vm.statusProperty().get());
        assertEquals(0, vm.completedRunsProperty().get());
        assertTrue(vm.clips().isEmpty());
        try (Stream<Path> files = Files.walk(home)) {
            List<Path> saved = files.filter(f -> f.toString().contains("history")).filter(Files::isRegularFile).toList();
            assertEquals(List.of(), saved, "nothing half-written in the history");
        }
    }

    static int gifFrames(Path gif) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            return reader.getNumImages(true);
        } finally {
            reader.dispose();
        }
    }

    /** A 256-colour PNG of the window (docs/screenshots), converted with ImageMagick when it is there. */
    private void shoot(FxRobot robot, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] snapshot = new WritableImage[1];
        FxToolkit.setupFixture(() -> snapshot[0] = window.studio().scene().snapshot(null));
        BufferedImage image = SwingFXUtils.fromFXImage(snapshot[0], null);
        Path folder = Path.of("docs", "screenshots");
        Files.createDirectories(folder);
        Path full = Files.createTempFile("tessera-shot", ".png");
        ImageIO.write(image, "png", full.toFile());
        Process convert = new ProcessBuilder("convert", full.toString(), "+dither", "-colors", "256", "-define", "png:compression-level=9", "PNG8:"
                + folder.resolve(name)).inheritIO().start();
        assertEquals(0, convert.waitFor(), "ImageMagick's convert made " + name);
        Files.delete(full);
    }
}
