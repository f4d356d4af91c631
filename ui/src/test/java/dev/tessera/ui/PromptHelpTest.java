package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.RecipePng;
import dev.tessera.ui.generate.GenerateViewModel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** Prompt help on the Generate page: suggestions of trained names while typing, and the far-away note. */
@ExtendWith(ApplicationExtension.class)
class PromptHelpTest {

    @TempDir Path models;
    @TempDir Path home;
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

    @Test
    void typingSuggestsTrainedNamesAndThePickedOneIsWhatRenders(FxRobot robot) throws Exception {
        GenerateViewModel vm = open();
        robot.interact(() -> {
            vm.form().stepsProperty().set("1");
            vm.form().countProperty().set("1");
        });
        TextField box = robot.lookup("#prompt").queryAs(TextField.class);
        robot.clickOn(box).write("cat f");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("cat f", box.getText(), "typing went into the field, not the menu");

        assertTrue(showing());
        Node first = robot.lookup(".context-menu").lookup((Node n) -> n instanceof Labeled l
                && "cat face".equals(l.getText())).query();
        assertTrue(robot.lookup(".context-menu").lookup((Node n) -> n instanceof Labeled l
                && "Animals & Nature".equals(l.getText())).tryQuery().isPresent(), "the category is shown");
        robot.clickOn(first);
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals("cat face", box.getText(), "what the box shows");
        assertEquals("cat face", vm.form().promptProperty().get());
        assertEquals("cat face", vm.form().request().orElseThrow().prompt());
        assertFalse(showing(), "picking closes the suggestions");
        assertFalse(robot.lookup("#prompt-note").queryAs(Label.class).isVisible());

        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.completedRunsProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("cat face", RecipePng.readRecipe(vm.results().get(0).historyFile()).orElseThrow().prompt(),
                "what rendered");
        assertEquals("cat face", box.getText());
    }

    @Test
    void theKeyboardPicksASuggestionAndCtrlEnterStillRenders(FxRobot robot) throws Exception {
        GenerateViewModel vm = open();
        robot.interact(() -> {
            vm.form().stepsProperty().set("1");
            vm.form().countProperty().set("1");
        });
        TextField box = robot.lookup("#prompt").queryAs(TextField.class);
        robot.clickOn(box);
        robot.moveTo("#nav-history"); // the pointer away from where the list opens: hovering an entry focuses it
        robot.write("cat f");
        robot.type(KeyCode.DOWN);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("cat face", box.getText());
        assertEquals("cat face", vm.form().promptProperty().get());

        robot.write(" with wry");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(showing());
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.completedRunsProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(showing(), "Ctrl+Enter closed the suggestions");
        assertEquals("cat face with wry", box.getText());
        assertEquals("cat face with wry",
                RecipePng.readRecipe(vm.results().get(0).historyFile()).orElseThrow().prompt(), "what rendered");
    }

    @Test
    void aPromptFarInMeaningFromEveryTrainedNameGetsANoteAndASynonymDoesNot(FxRobot robot) throws Exception {
        open();
        Label note = robot.lookup("#prompt-note").queryAs(Label.class);
        robot.interact(() -> studio.generate().form().promptProperty().set("tax return form"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, note::isVisible); // the names' meanings are made first
        assertTrue(note.getText().startsWith("Far from every name this model was trained on; nearest in meaning: "),
                note.getText());
        assertFalse(showing(), "text set by the program suggests nothing");

        robot.interact(() -> studio.generate().form().promptProperty().set("kitty"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !note.isVisible()); // far by letters, near "cat" in meaning
        robot.interact(() -> studio.generate().form().promptProperty().set("tax return form"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, note::isVisible);
        robot.interact(() -> studio.generate().form().promptProperty().set("cat face"));
        assertFalse(note.isVisible(), "a trained name hides the note at once");
    }

    @Test
    void textSetByTheProgramWhileTheFieldHasTheFocusSuggestsNothing(FxRobot robot) throws Exception {
        GenerateViewModel vm = open();
        TextField box = robot.lookup("#prompt").queryAs(TextField.class);
        robot.clickOn(box);
        robot.moveTo("#nav-history");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(box.isFocused());
        // What History's "Use settings" and a dropped PNG do: set the prompt from code.
        robot.interact(() -> vm.form().promptProperty().set("cat f"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("cat f", box.getText());
        assertTrue(box.isFocused(), "the field kept the focus");
        assertFalse(showing(), "the program set the text: no suggestions");

        robot.type(KeyCode.END).write("a");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("cat fa", box.getText());
        assertTrue(showing(), "the user's typing still suggests");
        robot.interact(() -> vm.form().promptProperty().set("rocket"));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(showing(), "text set by the program closes an open menu");
        assertEquals("rocket", box.getText());
    }

    /** Whether the suggestions menu is open (a closed one leaves the window list). */
    private static boolean showing() {
        return Window.getWindows().stream().anyMatch(w -> w instanceof ContextMenu m
                && "prompt-suggestions".equals(m.getId()) && m.isShowing());
    }
}
