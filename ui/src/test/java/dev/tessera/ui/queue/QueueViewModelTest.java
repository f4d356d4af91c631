package dev.tessera.ui.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.JobState;
import dev.tessera.app.queue.RenderQueue;
import dev.tessera.app.queue.SweepSetting;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.RequestText;
import dev.tessera.generation.diffusion.SamplerKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue's view model without a window: events applied by a test-controlled executor. */
class QueueViewModelTest {

    @TempDir Path dir;
    private final List<Runnable> uiTasks = new ArrayList<>();
    private final Executor heldUiThread = uiTasks::add;
    private QueueViewModel model;

    private QueueViewModel open(Executor uiThread) throws Exception {
        model = new QueueViewModel(RenderQueue.open(dir.resolve("queue")), new GatedRenderer(0.5), uiThread);
        return model;
    }

    @AfterEach
    void close() {
        if (model != null) {
            model.close();
        }
    }

    private static GenerationRequest request(String prompt) {
        return new GenerationRequest(prompt, "google", 5, 20, 1.5, 0, SamplerKind.DDIM, 2);
    }

    private Job add(String prompt) {
        return model.add(request(prompt), dir.resolve("out"), dir.resolve("m.safetensors")).orElseThrow();
    }

    private void runUiTasks() {
        List<Runnable> tasks = List.copyOf(uiTasks);
        uiTasks.clear();
        tasks.forEach(Runnable::run);
    }

    private List<String> prompts() {
        return model.rows().stream().map(r -> r.promptProperty().get()).toList();
    }

    @Test
    void queueEventsReachThePropertiesOnlyThroughTheUiThreadCoalesced() throws Exception {
        RenderQueue queue = RenderQueue.open(dir.resolve("queue"));
        model = new QueueViewModel(queue, new GatedRenderer(0.5), heldUiThread);
        // Changes made elsewhere (the runner thread, in the app) arrive as events.
        for (String prompt : List.of("cat", "dog", "owl")) {
            queue.add(request(prompt), dir.resolve("out"), dir.resolve("m.safetensors"));
        }
        assertEquals(List.of(), prompts(), "nothing changes before the UI thread runs");
        assertEquals(1, uiTasks.size(), "three changes, one hand-over: only the newest snapshot matters");
        runUiTasks();
        assertEquals(List.of("cat", "dog", "owl"), prompts());
        JobRow cat = model.rows().get(0);
        assertEquals("5–6 (2 images)", cat.seedsProperty().get());
        assertEquals("20 steps · cfg 1.5 · DDIM · google", cat.settingsProperty().get());
        assertEquals("Pending", cat.stateProperty().get());
        assertEquals("0 of 6 images done · 3 jobs to go", model.overallStatusProperty().get());
    }

    @Test
    void reorderDuplicateCancelRemoveKeepRowsInPlace() throws Exception {
        open(Runnable::run);
        Job cat = add("cat");
        add("dog");
        Job owl = add("owl");
        JobRow catRow = model.row(cat.id()).orElseThrow();
        model.moveDown(cat.id());
        model.move(owl.id(), 0);
        assertEquals(List.of("owl", "dog", "cat"), prompts());
        assertTrue(catRow == model.row(cat.id()).orElseThrow(), "the row object survives a reorder");
        assertEquals(3, catRow.positionProperty().get());

        Job copy = model.duplicate(owl.id()).orElseThrow();
        assertEquals(List.of("owl", "owl", "dog", "cat"), prompts());
        model.cancel(copy.id());
        assertEquals("Cancelled", model.row(copy.id()).orElseThrow().stateProperty().get());
        assertEquals("0 of 6 images done · 3 jobs to go", model.overallStatusProperty().get(),
                "a cancelled job no longer counts");
        model.remove(copy.id());
        assertEquals(List.of("owl", "dog", "cat"), prompts());
        assertFalse(model.row(copy.id()).isPresent());
    }

    @Test
    void editsPendingJobsAndRefusesOthersWithAReason() throws Exception {
        open(Runnable::run);
        Job cat = add("cat");
        Job dog = add("dog");
        GenerationRequest changed = new GenerationRequest("cat face", "twitter", 9, 7, 2.5, 1.5, SamplerKind.EULER, 1);
        assertTrue(model.edit(cat.id(), changed));
        assertEquals("7 steps · cfg 2.5 · style 1.5 · Euler · twitter", model.row(cat.id()).orElseThrow().settingsProperty().get());

        model.cancel(dog.id());
        assertFalse(model.edit(dog.id(), changed));
        assertEquals("Only pending jobs can be edited: job 2 “dog” is cancelled. Duplicate it to change a copy.",
                model.messageProperty().get());
        assertEquals(request("dog"), model.row(dog.id()).orElseThrow().job().request(), "unchanged");
    }

    @Test
    void sweepsAddEveryCombination() throws Exception {
        open(Runnable::run);
        SweepForm.Parsed parsed = new SweepForm("cat\nrocket\n", "1, 3-4", SweepSetting.STEPS, "10, 25",
                new RequestText("", "google", "", "25", "1.5", "0", "ddim", "1"), dir.resolve("out").toString(),
                dir.resolve("m.safetensors")).parse();
        assertEquals(List.of(), parsed.errors());
        assertEquals(12, parsed.plan().orElseThrow().jobCount());
        assertEquals(12, model.addSweep(parsed.plan().get()).size());
        assertEquals("rocket", model.rows().get(11).promptProperty().get());
        assertEquals("4", model.rows().get(11).seedsProperty().get());
        assertTrue(model.rows().get(11).settingsProperty().get().startsWith("25 steps"));
    }

    @Test
    void aCrashBringsTheQueueBackPausedWithABannerNamingTheInterruptedJob() throws Exception {
        Path queueDir = dir.resolve("queue");
        String id;
        try (RenderQueue queue = RenderQueue.open(queueDir)) {
            queue.add(request("cat"), dir.resolve("out"), dir.resolve("m.safetensors"));
            id = queue.add(request("rocket"), dir.resolve("out"), dir.resolve("m.safetensors")).id();
        }
        simulateCrashWhileRunning(queueDir.resolve("queue.json"), 1);

        open(Runnable::run);
        assertTrue(model.pausedProperty().get());
        assertEquals("Pending (interrupted)", model.row(id).orElseThrow().stateProperty().get());
        assertEquals("Tessera did not shut down cleanly last time, so the queue came back paused. Interrupted: job 2"
                + " “rocket” (0 of 2 images were finished). It renders only its missing images. Resume when ready.",
                model.recoveryBannerProperty().get());
        model.resume();
        assertEquals("", model.recoveryBannerProperty().get());
    }

    @Test
    void aCleanRestartShowsNoBanner() throws Exception {
        try (RenderQueue queue = RenderQueue.open(dir.resolve("queue"))) {
            queue.add(request("cat"), dir.resolve("out"), dir.resolve("m.safetensors"));
            queue.pause();
        }
        open(Runnable::run);
        assertTrue(model.pausedProperty().get());
        assertEquals("", model.recoveryBannerProperty().get());
    }

    /** Rewrites the journal as a process that died while job {@code index} ran would leave it. */
    static void simulateCrashWhileRunning(Path journal, int index) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(journal.toFile());
        root.put("cleanShutdown", false);
        ((ObjectNode) root.get("jobs").get(index)).put("state", "RUNNING")
                .put("started", "2026-11-28T07:00:00Z");
        json.writeValue(journal.toFile(), root);
    }

    @Test
    void jobStateNamesAreThoseOfTheQueue() {
        // The view switches on these names; a renamed state would silently fall into "Failed".
        assertEquals(List.of("PENDING", "RUNNING", "DONE", "CANCELLED"), List.of(JobState.PENDING.name(),
                JobState.RUNNING.name(), JobState.DONE.name(), JobState.CANCELLED.name()));
    }
}
