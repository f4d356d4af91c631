package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.app.generate.RecipePng;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.queue.Job;
import dev.tessera.app.settings.GenerateSettings;
import dev.tessera.app.settings.SettingsStore;
import dev.tessera.app.settings.StudioSettings;
import dev.tessera.generation.engine.TesseraHome;
import dev.tessera.ui.generate.GenerateViewModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Generate page's prompt box shows what renders and what is queued, round after round: typed,
 * queued, rendered, picked from the history drop-down and edited, with the history growing and
 * reordering under it.
 */
@ExtendWith(ApplicationExtension.class)
class PromptBoxTest {

    private static final Path BUNDLED = Path.of("assets", "models");
    @TempDir Path models;
    @TempDir Path home;
    private Studio studio;
    private GenerateViewModel vm;
    private TextField box;

    @AfterEach
    void close() throws Exception {
        FxToolkit.hideStage();
        WaitForAsyncUtils.waitForFxEvents();
        if (studio != null) {
            studio.close();
        }
    }

    @Test
    void theBoxAlwaysShowsWhatIsRenderedAndQueued(FxRobot robot) throws Exception {
        // a user with a history from earlier sessions, as in the report
        GenerateSettings few = GenerateSettings.defaults();
        few = new GenerateSettings("red heart", few.style(), few.model(), 3, few.seedMode(), 1, few.guidance(),
                few.styleStrength(), few.sampler(), 1);
        new SettingsStore(new TesseraHome(home).settings()).save(new StudioSettings(null, null, few,
                List.of("red heart", "cat face", "fire", "tree")));
        FxToolkit.setupStage(stage -> {
            studio = new Studio(new TesseraHome(home), new ModelCatalogue(BUNDLED, models), () -> 12345);
            studio.show(stage);
        });
        WaitForAsyncUtils.waitForFxEvents();
        vm = studio.generate();
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
}
