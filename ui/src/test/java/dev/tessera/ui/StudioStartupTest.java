package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.settings.SettingsStore;
import dev.tessera.app.settings.StudioSettings;
import dev.tessera.app.settings.Theme;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import dev.tessera.generation.engine.TesseraHome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
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
 * The studio's start-up: the first window has only the Generate page built, the others are built on
 * their first visit and then kept; the models are listed and the chosen one loaded after the first
 * frame, and until the model is ready the Generate button waits and the page says what loads.
 */
@ExtendWith(ApplicationExtension.class)
class StudioStartupTest {

    @TempDir Path models;
    @TempDir Path home;
    @TempDir Path bundled;
    private final RenderLane lane = new RenderLane();
    private Studio studio;

    @AfterEach
    void close() throws Exception {
        FxToolkit.hideStage();
        if (studio != null) {
            studio.close();
        }
        FxToolkit.setupFixture(() -> javafx.application.Application.setUserAgentStylesheet(null));
    }

    private void open() throws Exception {
        FxToolkit.setupStage(stage -> {
            studio = new Studio(new TesseraHome(home), new ModelCatalogue(bundled, models), () -> 7, lane);
            studio.show(stage);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<LazyView> lazyViews() {
        List<LazyView> lazy = new ArrayList<>();
        studio.shell().forEachView(v -> {
            if (v instanceof LazyView l) {
                lazy.add(l);
            }
        });
        return lazy;
    }

    @Test
    void onlyTheGeneratePageIsBuiltForTheFirstWindowAndEachOtherOnItsFirstVisit(FxRobot robot) throws Exception {
        TinyAcditModelFile.write(models.resolve("tiny.safetensors"));
        open();
        StudioStarted.await(studio);
        List<LazyView> lazy = lazyViews();
        assertEquals(List.of("History", "Models", "Compress", "Ensembles"), lazy.stream().map(LazyView::title).toList());
        assertTrue(lazy.stream().noneMatch(LazyView::isBuilt), "nothing but Generate built at start");
        assertTrue(robot.lookup("#generate-view").tryQuery().isPresent());

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        assertEquals("History", studio.shell().current().title());
        assertTrue(lazy.get(0).isBuilt(), "History built on its visit");
        assertTrue(lazy.subList(1, 4).stream().noneMatch(LazyView::isBuilt), "the others still not");
        Node history = lazy.get(0).root();

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        assertTrue(lazy.get(1).isBuilt(), "Models built on its visit");
        assertTrue(robot.lookup("#models-view").tryQuery().isPresent());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        assertSame(history, lazy.get(0).root(), "a second visit shows the page built on the first");
        assertSame(history, studio.shell().current().root());
        assertFalse(lazy.get(2).isBuilt() || lazy.get(3).isBuilt(), "Compress and Ensembles never visited");
    }

    @Test
    void theGenerateButtonWaitsForTheModelAndSaysItIsLoading(FxRobot robot) throws Exception {
        TinyAcditModelFile.write(models.resolve("tiny.safetensors"));
        // Something already on the render lane holds the start-up load of the model back.
        CountDownLatch hold = new CountDownLatch(1);
        lane.execute("hold", () -> {
            try {
                hold.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        open();
        robot.interact(() -> {
            studio.generate().form().promptProperty().set("cat face");
            studio.generate().form().countProperty().set("1");
            studio.generate().form().stepsProperty().set("2");
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> studio.generate().modelLoadingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        Button generate = robot.lookup("#generate").queryButton();
        Label state = robot.lookup("#model-state").queryAs(Label.class);
        assertTrue(studio.generate().form().validProperty().get(), "the form itself is fine");
        assertTrue(generate.isDisabled(), "Generate waits for the model");
        assertTrue(state.isVisible());
        assertEquals("Loading the model tiny…", state.getText());
        assertFalse(studio.started());
        robot.interact(() -> assertFalse(studio.generate().generate(), "Ctrl+Enter waits too"));
        assertEquals(0, lane.loads());

        hold.countDown();
        StudioStarted.await(studio);
        assertFalse(generate.isDisabled(), "Generate is enabled once the model is loaded");
        assertFalse(state.isVisible());
        assertEquals(1, lane.loads());
        robot.clickOn("#generate");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> studio.generate().completedRunsProperty().get() == 1);
        assertEquals(1, lane.loads(), "the render used the model loaded at start-up");
    }

    @Test
    void untilTheModelsAreListedThePageSaysSoAndGenerateWaits(FxRobot robot) throws Exception {
        TinyAcditModelFile.write(models.resolve("tiny.safetensors"));
        // Built but not shown: nothing after the first frame has run, as in the first moments of a start.
        robot.interact(() -> studio = new Studio(new TesseraHome(home), new ModelCatalogue(bundled, models), () -> 7,
                lane));
        robot.interact(() -> {
            studio.generate().form().promptProperty().set("cat face");
            assertTrue(studio.generate().form().listingModelsProperty().get());
            assertFalse(studio.generate().form().validProperty().get(), "no model to render with yet");
            assertEquals("", studio.generate().form().modelErrorProperty().get(), "and no error shown for it");
            assertFalse(studio.generate().generate());
            assertFalse(studio.started());
        });
        assertEquals(0, lane.loads());
    }

    @Test
    void settingsReadBeforeTheStudioIsMadeAreTheOnesItUses(FxRobot robot) throws Exception {
        TesseraHome data = new TesseraHome(home);
        SettingsStore store = new SettingsStore(data.settings());
        store.save(StudioSettings.defaults().withTheme(Theme.DARK).withPromptUsed("owl"));
        // What StudioApp does: the settings are read beside JavaFX's start, then handed to the studio.
        SettingsStore.Loaded read = store.load();
        store.save(StudioSettings.defaults().withPromptUsed("moon")); // changed since: the read copy is used
        FxToolkit.setupStage(stage -> {
            studio = new Studio(data, new ModelCatalogue(bundled, models), read);
            studio.show(stage);
        });
        StudioStarted.await(studio);
        assertEquals(Theme.DARK, studio.theme());
        assertEquals(List.of("owl"), studio.generate().form().promptHistory());
    }

    @Test
    void withNoModelInstalledTheStudioStartsAndSaysSo(FxRobot robot) throws Exception {
        open();
        StudioStarted.await(studio);
        assertTrue(robot.lookup("#generate").queryButton().isDisabled());
        assertTrue(studio.generate().form().modelErrorProperty().get().startsWith("No ACDiT model is installed"));
        assertFalse(robot.lookup("#model-state").queryAs(Label.class).isVisible());
        assertEquals(0, lane.loads());
    }
}
