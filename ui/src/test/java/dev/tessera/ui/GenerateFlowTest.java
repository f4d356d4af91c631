package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.RecipePng;
import dev.tessera.app.queue.Job;
import dev.tessera.app.settings.GenerateSettings;
import dev.tessera.app.settings.SeedMode;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.settings.SettingsStore;
import dev.tessera.app.settings.StudioSettings;
import dev.tessera.generation.engine.TesseraHome;
import dev.tessera.ui.generate.GenerateViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Generate page end to end with the bundled default model (assets/models) at few steps: render,
 * preview per block, scrubber, cancel, replay, queue, and the prompt box over many rounds.
 */
@ExtendWith(ApplicationExtension.class)
class GenerateFlowTest {

    @TempDir Path models;
    @TempDir Path home;
    private BundledStudio window;
    private Studio studio;
    private GenerateViewModel vm;
    private TextField box;

    private GenerateViewModel open(FxRobot robot) throws Exception {
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

    @Test
    void rendersBlockByBlockKeepsEveryStepAndSavesToHistory(FxRobot robot) throws Exception {
        GenerateViewModel vm = open(robot);
        robot.clickOn("#prompt").write("cat face");
        robot.interact(() -> {
            vm.form().seedProperty().set("7");
            vm.form().stepsProperty().set("3");
            vm.form().countProperty().set("2");
            vm.form().seedModeProperty().set(SeedMode.INCREMENT);
        });
        List<Integer> blocksSeen = new ArrayList<>();
        List<Image> previews = new ArrayList<>();
        PulseWatchdog watchdog = new PulseWatchdog();
        robot.interact(() -> {
            vm.blocksShownProperty().addListener((obs, old, now) -> {
                blocksSeen.add(now.intValue());
                previews.add(vm.previewProperty().get());
            });
            watchdog.start();
        });
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.completedRunsProperty().get() == 1);
        robot.interact(watchdog::stop);
        WaitForAsyncUtils.waitForFxEvents();
        // The first render also loads the model and the prompt encoder (heavy allocation, GC); it is
        // reported, and the bound is asserted on the second render below, with the model loaded.
        System.out.printf("worst FX pulse gap, first render (cold): %.1f ms over %d pulses; FX thread CPU during it"
                + " %.1f ms%n", watchdog.maxGapMillis(), watchdog.pulses(), watchdog.worstGapCpuMillis());
        assertTrue(watchdog.pulses() > 10, "pulses were measured: " + watchdog.pulses());

        // the live preview changed as each of the 4 blocks finished, each time to a new picture
        assertEquals(List.of(1, 2, 3, 4), blocksSeen);
        for (int i = 1; i < previews.size(); i++) {
            assertFalse(samePixels(previews.get(i - 1), previews.get(i)), "block " + i + " changed the preview");
        }
        // two thumbnails, both saved in the history with their recipes
        HBox strip = robot.lookup("#thumbnails").queryAs(HBox.class);
        assertEquals(2, strip.getChildren().size());
        List<Path> saved = pngs(home.resolve("history"));
        assertEquals(2, saved.size());
        assertEquals("cat face", RecipePng.readRecipe(saved.get(0)).orElseThrow().prompt());
        assertEquals(GenerationRequest.DEFAULT_STYLE_STRENGTH, RecipePng.readRecipe(saved.get(0)).orElseThrow().styleStrength());
        // +1 mode: the next run continues after seeds 7 and 8
        assertEquals("9", robot.lookup("#seed").queryAs(TextField.class).getText());
        assertEquals(List.of("cat face"), vm.form().promptHistory());

        // the scrubber walks through 4 blocks × 3 steps plus the final picture
        Slider scrubber = robot.lookup("#scrubber").queryAs(Slider.class);
        assertEquals(12, scrubber.getMax());
        robot.interact(() -> scrubber.setValue(0));
        Label caption = robot.lookup("#preview-caption").queryAs(Label.class);
        assertTrue(caption.getText().endsWith("Block 1 of 4, step 1 of 3"), caption.getText());
        Image firstStep = robot.lookup("#preview").queryAs(ImageView.class).getImage();
        robot.interact(() -> scrubber.setValue(5));
        assertTrue(caption.getText().endsWith("Block 2 of 4, step 3 of 3"), caption.getText());
        assertFalse(samePixels(firstStep, robot.lookup("#preview").queryAs(ImageView.class).getImage()));
        // clicking the second thumbnail shows the second image at the scrubbed step
        robot.interact(() -> scrubber.setValue(12));
        robot.clickOn("#thumbnail-1");
        assertTrue(caption.getText().startsWith("Image 2 of 2 · seed 8 · Final image"), caption.getText());

        // a second render with the same model does not load it again, and keeps the window responsive
        robot.interact(() -> {
            vm.form().stepsProperty().set("25");
            watchdog.start();
        });
        robot.clickOn("#generate");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.completedRunsProperty().get() == 2);
        robot.interact(watchdog::stop);
        System.out.printf("worst FX pulse gap, second render (warm, 4 blocks x 25 steps): %.1f ms over %d pulses,"
                + " ending %.0f ms after the start; FX thread CPU during it %.1f ms%n", watchdog.maxGapMillis(),
                watchdog.pulses(), watchdog.worstAtMillis(), watchdog.worstGapCpuMillis());
        assertTrue(watchdog.pulses() > 10, "pulses were measured: " + watchdog.pulses());
        // Under 100 ms; on this 2-core machine shared with a training run a longer gap can only come from
        // the OS not scheduling the FX/renderer threads, which shows as the FX thread using almost no CPU in it.
        assertTrue(watchdog.maxGapMillis() < 100 || watchdog.worstGapCpuMillis() < 10, "worst FX pulse gap "
                + watchdog.maxGapMillis() + " ms with " + watchdog.worstGapCpuMillis() + " ms of FX-thread CPU");
        assertTrue(watchdog.worstGapCpuMillis() < 50, "FX thread busy " + watchdog.worstGapCpuMillis() + " ms");
        assertEquals(1, studio.lane().loads());
        assertEquals(4, pngs(home.resolve("history")).size());

        // replay from the history re-renders and finds identical pixels
        robot.clickOn("#nav-history");
        @SuppressWarnings("unchecked")
        TableView<Object> table = robot.lookup("#history-table").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 4);
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#history-replay");
        Label result = robot.lookup("#history-replay-result").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> result.getText().contains(": identical")
                || result.getText().contains("differs") || result.getText().contains("failed"));
        assertTrue(result.getText().endsWith(": identical"), result.getText());

        // the message is about that image: not under another one, before or after re-reading (F5)
        robot.interact(() -> table.getSelectionModel().clearAndSelect(1));
        assertEquals("", robot.lookup("#history-replay-result").queryAs(Label.class).getText());
        robot.clickOn("#history-table").type(KeyCode.F5);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> table.getSelectionModel().clearAndSelect(2));
        assertEquals("", robot.lookup("#history-replay-result").queryAs(Label.class).getText());
        robot.interact(() -> table.getSelectionModel().clearAndSelect(0));
        assertTrue(robot.lookup("#history-replay-result").queryAs(Label.class).getText().endsWith(": identical"));
    }

    @Test
    void ctrlShiftEnterQueuesTheSettingsAndTheQueueRendersThem(FxRobot robot) throws Exception {
        GenerateViewModel vm = open(robot);
        robot.interact(() -> {
            vm.form().promptProperty().set("moon");
            vm.form().stepsProperty().set("2");
            vm.form().countProperty().set("2");
        });
        robot.clickOn("#prompt");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        var queue = studio.queuePage().model().orElseThrow();
        assertEquals(1, queue.rows().size());
        assertEquals("moon", queue.rows().get(0).promptProperty().get());
        assertFalse(vm.runningProperty().get(), "queueing must not start a render in the Generate view");
        // the studio's runner renders it in the background, into the folder History lists
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS,
                () -> queue.rows().get(0).job().state().isFinal());
        assertEquals(dev.tessera.app.queue.JobState.DONE, queue.rows().get(0).job().state());
        assertEquals(2, pngs(home.resolve("history").resolve("queue")).size());
    }

    @Test
    void escapeCancelsAndSavesNothing(FxRobot robot) throws Exception {
        GenerateViewModel vm = open(robot);
        robot.interact(() -> {
            vm.form().promptProperty().set("star");
            vm.form().stepsProperty().set("400");
            vm.form().countProperty().set("1");
        });
        robot.clickOn("#generate");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.progressProperty().get() > 0);
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.progressProperty().get() == 0);
        assertEquals("Cancelled; nothing was saved.", robot.lookup("#generate-status").queryAs(Label.class).getText());
        assertTrue(vm.results().isEmpty());
        assertEquals(0, robot.lookup("#thumbnails").queryAs(HBox.class).getChildren().size());
        // wait for the render thread to really stop before looking at the folder
        studio.close();
        assertEquals(List.of(), pngs(home.resolve("history")));
    }

    @Test
    void invalidFieldsAreExplainedInlineAndBlockGenerating(FxRobot robot) throws Exception {
        open(robot);
        Button generate = robot.lookup("#generate").queryAs(Button.class);
        // a fresh page: the blank prompt blocks Generate but is not flagged until the user acts
        Label blankPrompt = robot.lookup("#prompt-error").queryAs(Label.class);
        assertTrue(generate.isDisabled());
        assertFalse(blankPrompt.isVisible());
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(blankPrompt.isVisible());
        assertTrue(blankPrompt.getText().startsWith("Prompt is empty"), blankPrompt.getText());
        robot.clickOn("#prompt").write("cat");
        assertFalse(generate.isDisabled());
        robot.doubleClickOn("#steps").write("abc");
        Label stepsError = robot.lookup("#steps-error").queryAs(Label.class);
        assertTrue(stepsError.isVisible());
        assertEquals("Steps must be a whole number between 1 and 1000 (got \"abc\").", stepsError.getText());
        assertTrue(generate.isDisabled());
        robot.interact(() -> studio.generate().form().stepsProperty().set("5000"));
        assertEquals("Steps must be between 1 and 1000 (got 5000).", stepsError.getText());
        robot.interact(() -> studio.generate().form().stepsProperty().set("10"));
        assertFalse(stepsError.isVisible());
        robot.doubleClickOn("#style-strength").write("-1");
        Label styleStrengthError = robot.lookup("#style-strength-error").queryAs(Label.class);
        assertTrue(styleStrengthError.isVisible());
        assertTrue(styleStrengthError.getText().startsWith("Style strength must be"), styleStrengthError.getText());
        assertTrue(generate.isDisabled());
        robot.doubleClickOn("#style-strength").write("0");
        assertFalse(styleStrengthError.isVisible());
        assertFalse(generate.isDisabled());
        robot.interact(() -> studio.generate().form().promptProperty().set("x".repeat(501)));
        Label promptError = robot.lookup("#prompt-error").queryAs(Label.class);
        assertTrue(promptError.isVisible());
        assertEquals("Prompt is 501 characters long; the limit is 500.", promptError.getText());
        robot.interact(() -> studio.generate().form().promptProperty().set("  "));
        assertTrue(promptError.getText().startsWith("Prompt is empty"), promptError.getText());
        assertTrue(generate.isDisabled());
    }

    /**
     * The prompt box shows what renders and what is queued, round after round: typed, queued,
     * rendered, picked from the history drop-down and edited, with the history reordering under it.
     */
    @Test
    void thePromptBoxAlwaysShowsWhatIsRenderedAndQueued(FxRobot robot) throws Exception {
        // a user with a history from earlier sessions, as in the report
        GenerateSettings few = GenerateSettings.defaults();
        few = new GenerateSettings("red heart", few.style(), few.model(), 3, few.seedMode(), 1, few.guidance(),
                few.styleStrength(), few.sampler(), 1);
        new SettingsStore(new TesseraHome(home).settings()).save(new StudioSettings(null, null, few,
                List.of("red heart", "cat face", "fire", "tree")));
        vm = open(robot);
        box = robot.lookup("#prompt").queryAs(TextField.class);
        assertShows("red heart");

        // picking from the drop-down before anything else, then rendering it
        pick(robot, "cat face");
        render(robot, "cat face");

        // typed, then queued with the button, then rendered with Ctrl+Enter
        type(robot, "car");
        queue(robot, "car");
        render(robot, "car");

        type(robot, "fire");
        render(robot, "fire");
        queue(robot, "fire");

        // picked from the history drop-down, then edited before rendering
        pick(robot, "tree");
        robot.clickOn(box).press(KeyCode.END).release(KeyCode.END).write(" house");
        assertShows("tree house");
        render(robot, "tree house");

        pick(robot, "red heart");
        queue(robot, "red heart");
        robot.clickOn(box).press(KeyCode.HOME).release(KeyCode.HOME).write("big ");
        assertShows("big red heart");
        render(robot, "big red heart");

        type(robot, "rocket");
        render(robot, "rocket");
        render(robot, "rocket"); // the same prompt twice: the history does not change, nor the box

        // the keyboard way: Alt+Down opens the list, the first entry is focused, Down Enter picks the second
        robot.moveTo("#nav-history"); // the pointer away from where the list opens: hovering an entry focuses it
        robot.interact(box::requestFocus);
        robot.press(KeyCode.ALT, KeyCode.DOWN).release(KeyCode.DOWN, KeyCode.ALT);
        robot.type(KeyCode.DOWN).type(KeyCode.ENTER);
        assertShows("big red heart");
        render(robot, "big red heart");
        pick(robot, "car");
        render(robot, "car");
        assertEquals(List.of("car", "big red heart", "rocket", "red heart", "tree house", "fire", "cat face", "tree"),
                List.copyOf(vm.form().promptHistory()));
    }

    /** Replaces the box's text by typing, as a user does. */
    private void type(FxRobot robot, String prompt) {
        robot.clickOn(box);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.write(prompt);
        assertShows(prompt);
    }

    /** Opens the drop-down and clicks {@code prompt} in it. */
    private void pick(FxRobot robot, String prompt) {
        robot.clickOn("#prompt-history");
        WaitForAsyncUtils.waitForFxEvents();
        Node entry = robot.lookup(".context-menu").lookup((Node n) -> n instanceof Labeled l && prompt.equals(l.getText()))
                .query();
        robot.clickOn(entry);
        WaitForAsyncUtils.waitForFxEvents();
        assertShows(prompt);
    }

    /** Ctrl+Enter, then checks the recipe in the history PNG and the box. */
    private void render(FxRobot robot, String prompt) throws Exception {
        int runs = vm.completedRunsProperty().get();
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.completedRunsProperty().get() == runs + 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(prompt, RecipePng.readRecipe(vm.results().get(0).historyFile()).orElseThrow().prompt(),
                "what rendered");
        assertShows(prompt);
    }

    /** Clicks Queue, then checks the job added last and the box. */
    private void queue(FxRobot robot, String prompt) {
        var queue = studio.queuePage().model().orElseThrow();
        int jobs = queue.rows().size();
        robot.clickOn("#add-to-queue");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(jobs + 1, queue.rows().size(), vm.statusProperty().get());
        Job added = queue.rows().get(jobs).job();
        assertEquals(prompt, added.request().prompt(), "what was queued");
        assertShows(prompt);
    }

    private void assertShows(String prompt) {
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(prompt, box.getText(), "what the box shows");
        assertEquals(prompt, vm.form().promptProperty().get(), "the form's prompt");
    }

    static boolean samePixels(Image a, Image b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (FxImages.rgb(a, x, y) != FxImages.rgb(b, x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    static List<Path> pngs(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
    }
}
