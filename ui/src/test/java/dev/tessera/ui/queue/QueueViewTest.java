package dev.tessera.ui.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.JobState;
import dev.tessera.app.queue.RenderQueue;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.modelfile.SafetensorsWriter;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
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

/** The Queue view in a real (headless) window, driven by clicks and keys. */
@ExtendWith(ApplicationExtension.class)
class QueueViewTest {

    @TempDir Path dir;
    private QueueViewModel model;
    private GatedRenderer renderer;
    private final RenderLane lane = new RenderLane();

    private void show(QueueViewModel viewModel) throws Exception {
        show(viewModel, Thumbnails.loadingOn(java.util.concurrent.ForkJoinPool.commonPool()));
    }

    private void show(QueueViewModel viewModel, Thumbnails thumbnails) throws Exception {
        model = viewModel;
        Path models = Files.createDirectories(dir.resolve("models"));
        SafetensorsWriter.write(models.resolve("acdit-test.safetensors"), List.of(), Map.of("tessera.model", "acdit"));
        ModelCatalogue catalogue = new ModelCatalogue(dir.resolve("no-bundled"), models);
        FxToolkit.setupStage(stage -> {
            stage.setScene(new Scene((javafx.scene.Parent) new QueueView(model, catalogue, dir.resolve("out"), thumbnails).root(),
                    1280, 800));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private QueueViewModel gatedModel() throws Exception {
        renderer = new GatedRenderer(0.5);
        return new QueueViewModel(RenderQueue.open(dir.resolve("queue")), renderer, Platform::runLater);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (renderer != null) {
            renderer.release(1000);
        }
        if (model != null) {
            model.close();
        }
        lane.close();
        FxToolkit.hideStage();
    }

    private Job add(FxRobot robot, String prompt) throws Exception {
        Job[] job = new Job[1];
        robot.interact(() -> job[0] = model.add(new GenerationRequest(prompt, "google", 1, 20, 1.5, 0, SamplerKind.DDIM, 2),
                dir.resolve("out"), dir.resolve("models/acdit-test.safetensors")).orElseThrow());
        return job[0];
    }

    private List<String> prompts() {
        return model.rows().stream().map(r -> r.promptProperty().get()).toList();
    }

    private static void clickRow(FxRobot robot, int index) {
        robot.clickOn(robot.lookup("#queue-table .table-row-cell").nth(index).queryAs(Node.class));
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void finishedJobsShowThumbnailsReadOnceOffTheFxThread(FxRobot robot) throws Exception {
        java.util.concurrent.ExecutorService loader = java.util.concurrent.Executors.newSingleThreadExecutor();
        Thumbnails thumbnails = new Thumbnails(loader, Platform::runLater);
        try {
            show(gatedModel(), thumbnails);
            for (long seed : new long[] {5, 9}) {
                robot.interact(() -> model.add(new GenerationRequest("cat", "google", seed, 20, 1.5, 0, SamplerKind.DDIM,
                        1), dir.resolve("out"), dir.resolve("models/acdit-test.safetensors")).orElseThrow());
            }
            robot.interact(model::start);
            renderer.release(2);
            waitFor(() -> model.rows().stream().allMatch(r -> r.job().state() instanceof JobState.Done));
            waitFor(() -> thumbnailViews(robot).size() == 2
                    && thumbnailViews(robot).stream().allMatch(v -> v.getImage() != null));
            for (javafx.scene.image.ImageView view : thumbnailViews(robot)) {
                long seed = ((Path) view.getUserData()).getFileName().toString().startsWith("5-") ? 5 : 9;
                assertEquals(4, view.getImage().getWidth(), "a 4-pixel image fits the thumbnail as it is");
                assertEquals(GatedRenderer.colourOf(seed), dev.tessera.ui.FxImages.rgb(view.getImage(), 1, 2));
            }
            assertEquals(2, thumbnails.loads());
            // the table rebuilds its cells as jobs change; the kept thumbnails are not read again
            clickRow(robot, 1);
            robot.press(KeyCode.ALT, KeyCode.UP).release(KeyCode.UP, KeyCode.ALT);
            add(robot, "owl");
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(2, thumbnailViews(robot).size());
            assertEquals(2, thumbnails.loads());
            assertEquals(0, thumbnails.loadsOnFxThread());
        } finally {
            loader.shutdownNow();
        }
    }

    private static List<javafx.scene.image.ImageView> thumbnailViews(FxRobot robot) {
        return robot.lookup(".job-thumbnails").queryAll().stream()
                .flatMap(strip -> ((javafx.scene.layout.HBox) strip).getChildren().stream())
                .map(javafx.scene.image.ImageView.class::cast).toList();
    }

    @Test
    void reordersByKeyboardPausesDuplicatesCancelsAndEditsPendingJobs(FxRobot robot) throws Exception {
        show(gatedModel());
        add(robot, "cat");
        add(robot, "dog");
        add(robot, "owl");
        WaitForAsyncUtils.waitForFxEvents();

        clickRow(robot, 0);
        robot.press(KeyCode.ALT, KeyCode.DOWN).release(KeyCode.DOWN, KeyCode.ALT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("dog", "cat", "owl"), prompts());
        robot.press(KeyCode.ALT, KeyCode.DOWN).release(KeyCode.DOWN, KeyCode.ALT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("dog", "owl", "cat"), prompts(), "the moved job stays selected, so it moves again");
        robot.clickOn("#job-up");
        assertEquals(List.of("dog", "cat", "owl"), prompts());

        Button pause = robot.lookup("#queue-pause").queryButton();
        assertEquals("Pause queue", pause.getText());
        robot.clickOn(pause);
        assertTrue(model.pausedProperty().get());
        assertEquals("Resume queue", pause.getText());

        robot.clickOn("#job-duplicate");
        assertEquals(List.of("dog", "cat", "cat", "owl"), prompts());
        robot.clickOn("#job-cancel"); // the copy is selected
        assertEquals("Cancelled", model.rows().get(2).stateProperty().get());
        assertEquals("Pending", model.rows().get(1).stateProperty().get());
        assertTrue(robot.lookup("#job-cancel").queryButton().isDisabled(), "a cancelled job cannot be cancelled again");

        robot.clickOn("#job-edit");
        assertEquals("Only pending jobs can be edited: job 3 “cat” is cancelled. Duplicate it to change a copy.",
                robot.lookup("#queue-message").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#job-editor").tryQuery().isEmpty(), "no editor for a cancelled job");

        clickRow(robot, 1);
        robot.clickOn("#job-edit");
        TextField steps = robot.lookup("#edit-steps").queryAs(TextField.class);
        assertEquals("20", steps.getText());
        robot.interact(() -> steps.setText("0"));
        robot.clickOn("#edit-save");
        assertTrue(robot.lookup("#edit-errors").queryAs(Label.class).getText().contains("Steps must be between 1 and 1000 (got 0)."));
        robot.interact(() -> steps.setText("7"));
        robot.interact(() -> robot.lookup("#edit-prompt").queryAs(TextField.class).setText("cat face"));
        robot.clickOn("#edit-save");
        assertTrue(robot.lookup("#job-editor").tryQuery().isEmpty(), "the editor closes after saving");
        assertEquals(7, model.rows().get(1).job().request().steps());
        assertEquals(List.of("dog", "cat face", "cat", "owl"), prompts());

        clickRow(robot, 3);
        robot.type(KeyCode.DELETE);
        assertEquals(List.of("dog", "cat face", "cat"), prompts(), "Delete removes the selected job");
    }

    @Test
    void reordersByDragAndDrop(FxRobot robot) throws Exception {
        show(gatedModel());
        add(robot, "cat");
        add(robot, "dog");
        add(robot, "owl");
        WaitForAsyncUtils.waitForFxEvents();
        Node first = robot.lookup("#queue-table .table-row-cell").nth(0).query();
        Node third = robot.lookup("#queue-table .table-row-cell").nth(2).query();
        robot.drag(first).dropTo(third);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("dog", "owl", "cat"), prompts());
        assertEquals("cat", robot.lookup("#queue-table").queryTableView().getSelectionModel().getSelectedItem()
                instanceof JobRow row ? row.promptProperty().get() : null, "the dragged job is selected");
    }

    @Test
    void theRunnerWorksInTheBackgroundAndARunningJobIsNotEditable(FxRobot robot) throws Exception {
        show(gatedModel());
        robot.interact(model::start);
        add(robot, "rocket");
        waitFor(() -> model.rows().get(0).job().state() instanceof JobState.Running
                && model.rows().get(0).progressProperty().get() > 0.2);
        assertEquals("Running", model.rows().get(0).stateProperty().get());
        assertEquals(0.25, model.rows().get(0).progressProperty().get(), 1e-9, "half of the first of two images");
        assertFalse(renderer.ranOnFxThread);

        clickRow(robot, 0);
        assertTrue(robot.lookup("#job-remove").queryButton().isDisabled(), "a running job cannot be removed");
        robot.clickOn("#job-edit");
        assertEquals("Only pending jobs can be edited: job 1 “rocket” is running. Duplicate it to change a copy.",
                robot.lookup("#queue-message").queryAs(Label.class).getText());

        renderer.release(1);
        waitFor(() -> model.rows().get(0).job().outputs().size() == 1);
        robot.clickOn("#job-cancel");
        waitFor(() -> model.rows().get(0).job().state() instanceof JobState.Cancelled);
        assertEquals(1, model.rows().get(0).job().outputs().size(), "the finished image is kept");
        assertFalse(renderer.ranOnFxThread);
    }

    @Test
    void addsASweepThroughTheForm(FxRobot robot) throws Exception {
        show(gatedModel());
        robot.clickOn("#queue-add-sweep");
        Button addButton = robot.lookup("#sweep-add").queryButton();
        robot.interact(() -> robot.lookup("#sweep-prompts").queryAs(TextArea.class).setText(""));
        assertTrue(addButton.isDisabled());
        assertEquals("Prompt is empty; say what the emoji shows, e.g. \"cat face\".",
                robot.lookup("#sweep-summary").queryAs(Label.class).getText());
        // the example in the empty area keeps its lines (a TextArea's own prompt text would join them)
        Label example = robot.lookup("#sweep-prompts-placeholder").queryAs(Label.class);
        assertTrue(example.isVisible());
        assertEquals("one prompt per line, e.g.\ncat face\nrocket", example.getText());
        assertTrue(example.getHeight() > 3 * example.getFont().getSize(), "three lines tall: " + example.getHeight());

        robot.interact(() -> {
            robot.lookup("#sweep-prompts").queryAs(TextArea.class).setText("cat\nrocket");
            robot.lookup("#sweep-seeds").queryAs(TextField.class).setText("1-2");
            @SuppressWarnings("unchecked")
            ComboBox<Object> vary = robot.lookup("#sweep-setting").queryAs(ComboBox.class);
            vary.getSelectionModel().select(1); // Steps
            robot.lookup("#sweep-values").queryAs(TextField.class).setText("5, nine");
        });
        assertFalse(example.isVisible(), "typed prompts replace the example");
        assertTrue(addButton.isDisabled());
        assertEquals("Values: Steps must be a whole number between 1 and 1000 (got \"nine\").",
                robot.lookup("#sweep-summary").queryAs(Label.class).getText());
        robot.interact(() -> robot.lookup("#sweep-values").queryAs(TextField.class).setText("5, 9"));
        assertEquals("Add 8 jobs", addButton.getText());
        robot.clickOn(addButton);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(8, model.rows().size());
        assertEquals(dir.resolve("models/acdit-test.safetensors").toAbsolutePath(), model.rows().get(0).job().modelFile());
        assertEquals(9, model.rows().get(7).job().request().steps());
        assertTrue(robot.lookup("#sweep-form").tryQuery().isEmpty());
    }

    @Test
    void showsWhichJobACrashInterruptedUntilDismissed(FxRobot robot) throws Exception {
        try (RenderQueue queue = RenderQueue.open(dir.resolve("queue"))) {
            queue.add(GenerationRequest.of("moon", "google", 1), dir.resolve("out"), dir.resolve("m.safetensors"));
        }
        QueueViewModelTest.simulateCrashWhileRunning(dir.resolve("queue/queue.json"), 0);
        show(gatedModel());
        Node banner = robot.lookup("#queue-banner").query();
        assertTrue(banner.isVisible());
        assertTrue(robot.lookup("#queue-banner-text").queryAs(Label.class).getText().contains("Interrupted: job 1 “moon”"));
        assertEquals("Resume queue", robot.lookup("#queue-pause").queryButton().getText());
        robot.clickOn("#queue-banner-dismiss");
        assertFalse(banner.isVisible());
        assertTrue(model.pausedProperty().get(), "dismissing the banner does not resume the queue");
    }

    @Test
    void theRunningJobShowsItsTimeLeftAndMovesStepByStepAndAnEmptyQueueAnEmptyBar(FxRobot robot) throws Exception {
        Path modelFile = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"));
        show(QueueViewModel.open(dir.resolve("queue"), lane));
        ProgressBar overall = robot.lookup("#queue-overall-progress").queryAs(ProgressBar.class);
        assertEquals(0, overall.getProgress(), "nothing to render: an empty bar, not a full one");
        List<String> timesLeft = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Double> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> {
            model.add(new GenerationRequest("cat face", "google", 3, 40, 1.5, 0, SamplerKind.DDIM, 2), dir.resolve("out"),
                    modelFile);
            JobRow row = model.rows().get(0);
            row.etaProperty().addListener((obs, old, now) -> timesLeft.add(now));
            row.progressProperty().addListener((obs, old, now) -> progress.add(now.doubleValue()));
            model.start();
        });
        waitFor(() -> model.rows().get(0).job().state().isFinal());
        assertEquals("Done", model.rows().get(0).stateProperty().get(), model.rows().get(0).detailProperty().get());
        assertTrue(timesLeft.stream().anyMatch(t -> !t.isEmpty()), "the time left was never shown: " + timesLeft);
        assertEquals("", model.rows().get(0).etaProperty().get(), "a finished job has no time left");
        // 2 images of 4 blocks × 40 steps: the bar moves within an image, not only when one is saved
        assertTrue(progress.stream().anyMatch(p -> p > 0 && p < 1 && p != 0.5), "only whole images were shown: " + progress);
        assertEquals(1, overall.getProgress());
    }

    @Test
    void rendersJobsWithARealTinyModel(FxRobot robot) throws Exception {
        Path modelFile = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"));
        show(QueueViewModel.open(dir.resolve("queue"), lane));
        java.util.List<Boolean> changedOnFxThread = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> model.overallProgressProperty()
                .addListener((obs, old, now) -> changedOnFxThread.add(Platform.isFxApplicationThread())));
        robot.interact(() -> {
            model.add(new GenerationRequest("cat face", "google", 3, 2, 1.5, 0, SamplerKind.DDIM, 2), dir.resolve("out"), modelFile);
            model.add(new GenerationRequest("rocket", "twitter", 9, 2, 1.5, 0, null, 1), dir.resolve("out"), modelFile);
            model.start();
        });
        waitFor(() -> model.rows().stream().allMatch(r -> r.job().state().isFinal()));
        for (JobRow row : model.rows()) {
            assertEquals("Done", row.stateProperty().get(), row.detailProperty().get());
            assertEquals(1.0, row.progressProperty().get());
        }
        assertEquals(List.of("3-cat-face.png", "4-cat-face.png", "9-rocket.png"), pngs(dir.resolve("out")));
        assertEquals("3 of 3 images done · all jobs finished", robot.lookup("#queue-status").queryAs(Label.class).getText());
        // Events are coalesced (only the newest is applied), so how many changes arrive depends on timing.
        assertFalse(changedOnFxThread.isEmpty(), "progress was never reported");
        assertFalse(changedOnFxThread.contains(false), "the runner's events reach the view on the FX thread only");
    }

    private static List<String> pngs(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().toList();
        }
    }
}
