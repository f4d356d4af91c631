package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.queue.JobState;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.engine.TesseraHome;
import dev.tessera.ui.generate.GenerateViewModel;
import dev.tessera.ui.queue.QueueViewModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
 * The studio's Generate page and its queue runner share one render lane: with a real tiny model,
 * an interactive render asked for while a queue job renders waits for the job's image under way
 * (and Esc cancels it while it waits), the two never run at the same time, and the model is loaded
 * once for both.
 */
@ExtendWith(ApplicationExtension.class)
class StudioRenderLaneTest {

    @TempDir Path models;
    @TempDir Path home;
    @TempDir Path bundled;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final RenderLane lane = new RenderLane(new RenderLane.Observer() {
        @Override
        public void started(String what) {
            events.add(new Event(true, what, Thread.currentThread().getName()));
        }

        @Override
        public void finished(String what) {
            events.add(new Event(false, what, Thread.currentThread().getName()));
        }
    });
    private Studio studio;

    /** A piece of work starting or ending on the lane. */
    record Event(boolean start, String what, String thread) {}

    @AfterEach
    void close() throws Exception {
        if (studio != null) {
            studio.close(); // a no-op after the test's own close
        }
        FxToolkit.hideStage();
    }

    @Test
    void anInteractiveRenderWaitsForTheQueuesImageAndTheModelIsLoadedOnce(FxRobot robot) throws Exception {
        Path modelFile = TinyAcditModelFile.write(models.resolve("tiny.safetensors"));
        FxToolkit.setupStage(stage -> {
            studio = new Studio(new TesseraHome(home), new ModelCatalogue(bundled, models), () -> 7, lane);
            studio.show(stage);
        });
        StudioStarted.await(studio);
        WaitForAsyncUtils.waitForFxEvents();
        // The studio loaded the chosen model on the lane after its first frame; the rest is about what follows.
        assertEquals(List.of("start Load tiny", "end Load tiny"),
                events.stream().map(e -> (e.start() ? "start " : "end ") + e.what()).toList());
        events.clear();
        GenerateViewModel generate = studio.generate();
        QueueViewModel queue = studio.queuePage().model().orElseThrow();

        // A queue job of two images, slow enough that the interactive render is asked for during the first.
        robot.interact(() -> queue.add(new GenerationRequest("rocket", "google", 3, 250, 1.5, 0, SamplerKind.DDIM, 2),
                home.resolve("out"), modelFile));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !events.isEmpty());
        robot.interact(() -> {
            generate.form().promptProperty().set("cat face");
            generate.form().stepsProperty().set("3");
            generate.form().countProperty().set("1");
            assertTrue(generate.generate());
            assertEquals("Waiting for the render under way (a queue job or a replay) to finish…",
                    generate.statusProperty().get());
        });
        // Esc cancels a render that is still waiting for the lane; it then never runs.
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        assertEquals("Cancelled; nothing was saved.", generate.statusProperty().get());
        robot.interact(() -> assertTrue(generate.generate()));
        assertEquals(1, events.size(), "the queue's first image was still rendering when Generate was asked");

        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> generate.completedRunsProperty().get() == 1
                && queue.rows().get(0).job().state().isFinal());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(JobState.DONE, queue.rows().get(0).job().state());
        String job = "queue job " + queue.rows().get(0).job().id();
        // Each piece of work ends before the next starts: the interactive render ran between the
        // queue's two images, not beside them.
        assertEquals(List.of("start " + job + " seed 3", "end " + job + " seed 3",
                "start Generate: cat face", "end Generate: cat face", // the cancelled one: its turn, doing nothing
                "start Generate: cat face", "end Generate: cat face",
                "start " + job + " seed 4", "end " + job + " seed 4"),
                events.stream().map(e -> (e.start() ? "start " : "end ") + e.what()).toList());
        assertEquals(List.of("tessera-render"), events.stream().map(Event::thread).distinct().toList());
        assertEquals(1, lane.loads(), "the Generate page and the queue share the loaded model");
        assertEquals(1, GenerateFlowTest.pngs(home.resolve("history")).size(), "the cancelled render saved nothing");
        assertEquals(2, GenerateFlowTest.pngs(home.resolve("out")).size(), "the queue job's two images");

        studio.close();
        studio.close(); // safe twice
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> lane.execute("late", () -> {}));
        assertEquals("the render lane is closed; cannot start late", closed.getMessage());
    }
}
