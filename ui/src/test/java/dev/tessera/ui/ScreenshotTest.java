package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import atlantafx.base.theme.PrimerLight;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.queue.JobRenderer;
import dev.tessera.app.queue.RenderQueue;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.io.AtomicFiles;
import dev.tessera.generation.modelfile.SafetensorsWriter;
import dev.tessera.ui.models.ModelDialogs;
import dev.tessera.ui.models.ModelsView;
import dev.tessera.ui.models.ModelsViewModel;
import dev.tessera.ui.queue.QueueView;
import dev.tessera.ui.queue.QueueViewModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Writes docs/screenshots/queue.png, queue-sweep.png and models.png (the judge's measured metrics) at 1280×800 with the studio theme. Runs only
 * with {@code -Dtessera.screenshots=true}, so ordinary builds leave the tree clean:
 * {@code mvn -B -o test -Dtest=ScreenshotTest -Dtessera.screenshots=true}.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIfSystemProperty(named = "tessera.screenshots", matches = "true")
class ScreenshotTest {

    private static final Path OUT = Path.of("docs", "screenshots");

    @TempDir Path dir;
    private QueueViewModel queueModel;
    private final CountDownLatch finish = new CountDownLatch(1);
    private Scene scene;

    @AfterEach
    void close() throws Exception {
        finish.countDown();
        if (queueModel != null) {
            queueModel.close();
        }
        FxToolkit.hideStage();
    }

    @Test
    void queue(FxRobot robot) throws Exception {
        Path queueDir = dir.resolve("queue");
        Path out = dir.resolve("out");
        Path model = Files.createDirectories(dir.resolve("models")).resolve("acdit-emoji.safetensors");
        SafetensorsWriter.write(model, List.of(), Map.of("tessera.model", "acdit"));
        try (RenderQueue queue = RenderQueue.open(queueDir)) {
            queue.add(new GenerationRequest("grinning face", "google", 1, 25, 1.5, 0, SamplerKind.DPM_SOLVER_PP_2M, 4), out, model);
            queue.add(new GenerationRequest("red heart", "twitter", 7, 25, 1.5, 0, SamplerKind.DPM_SOLVER_PP_2M, 2), out, model);
            queue.add(new GenerationRequest("rocket", "google", 42, 50, 2.5, 0, SamplerKind.DDIM, 4), out, model);
            queue.add(new GenerationRequest("cat face", "twitter", 3, 25, 1.5, 0, SamplerKind.EULER, 1), out, model);
            queue.add(new GenerationRequest("thumbs up", "google", 10, 10, 1.0, 0, SamplerKind.DPM_SOLVER_PP_2M, 2), out, model);
            queue.add(new GenerationRequest("sun with face", "google", 5, 25, 1.5, 0, SamplerKind.DPM_SOLVER_PP_2M, 2), out, model);
            queue.addSweep(new GenerationRequest("", "google", 1, 25, 1.5, 0, null, 1), List.of("snowman"), List.of(1L),
                    dev.tessera.app.queue.SweepSetting.GUIDANCE, List.of("1", "1.5", "2.5"), out, model);
        }
        // The renderer finishes "grinning face" and "red heart", fails "cat face", and holds "rocket" at 40 %.
        SleepyRenderer renderer = (job, progress, cancellation) -> {
            String prompt = job.request().prompt();
            if (prompt.equals("cat face")) {
                throw new java.io.IOException("out of memory while loading " + job.modelFile().getFileName());
            }
            if (prompt.equals("rocket")) {
                progress.progress(job.request().seed() == 42 ? 1 : 0.6);
                if (job.request().seed() == 43) {
                    finish.await(60, TimeUnit.SECONDS);
                    return List.of();
                }
            }
            Thread.sleep(prompt.equals("rocket") ? 900 : 60);
            Path file = Files.createDirectories(job.outputFolder()).resolve(job.request().seed() + "-" + prompt + ".png");
            AtomicFiles.write(file, png(prompt));
            return List.of(file);
        };
        pretendTheLastRunCrashedDuring(queueDir.resolve("queue.json"), 5);
        RenderQueue queue = RenderQueue.open(queueDir);
        queueModel = new QueueViewModel(queue, uncheckedSleep(renderer), Platform::runLater);
        queue.resume(); // behind the view model's back, so the crash banner stays for the picture
        // Order the run: failing job before the long one, the cancelled job never runs.
        String catId = queueModel.rows().get(3).id();
        String thumbsId = queueModel.rows().get(4).id();
        robot.interact(() -> {
            queueModel.move(catId, 2);
            queueModel.cancel(thumbsId);
            queueModel.start();
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> queueModel.rows().stream()
                .anyMatch(r -> r.promptProperty().get().equals("rocket") && r.progressProperty().get() > 0.3
                        && !r.etaProperty().get().isEmpty()));
        mount(new QueueView(queueModel, new ModelCatalogue(dir.resolve("none"), dir.resolve("models")), out).root());
        robot.interact(() -> {
            javafx.scene.control.TableView<?> table = robot.lookup("#queue-table").queryAs(javafx.scene.control.TableView.class);
            table.getSelectionModel().select(2); // the failed job: its reason shows under the table
        });
        shoot(robot, "queue.png");

        robot.clickOn("#queue-add-sweep");
        robot.interact(() -> {
            robot.lookup("#sweep-prompts").queryAs(javafx.scene.control.TextArea.class).setText("cat face\nrocket");
            robot.lookup("#sweep-seeds").queryAs(javafx.scene.control.TextField.class).setText("1-3");
            robot.lookup("#sweep-setting").queryAs(javafx.scene.control.ComboBox.class).getSelectionModel().select(2);
            robot.lookup("#sweep-values").queryAs(javafx.scene.control.TextField.class).setText("1, 1.5, 2.5");
        });
        shoot(robot, "queue-sweep.png");
    }

    @Test
    void models(FxRobot robot) throws Exception {
        ModelCatalogue catalogue = new ModelCatalogue(Path.of("assets", "models"), Files.createDirectories(dir.resolve("user")));
        dev.tessera.app.models.TestModelFiles.tesseraModel(dir.resolve("user").resolve("judge-finetuned.safetensors"));
        // Nothing is imported here, so the view model's work can run in place.
        ModelsViewModel models = new ModelsViewModel(catalogue, Runnable::run, Runnable::run);
        ModelsView view = new ModelsView(models, new ModelDialogs() {
            @Override
            public Optional<Path> chooseModelFile(javafx.stage.Window owner) {
                return Optional.empty();
            }

            @Override
            public boolean confirm(javafx.stage.Window owner, String title, String text, String confirmLabel) {
                return false;
            }
        });
        mount(view.root());
        // The bundled judge records what it measured: select it and scroll its details so the measured
        // metrics, with their readable names and units, lead the pane.
        robot.interact(() -> {
            models.select(models.models().stream().filter(m -> m.name().equals("judge")).findFirst().orElseThrow());
        });
        robot.interact(() -> {
            javafx.scene.layout.VBox sections = robot.lookup("#model-details").queryAs(javafx.scene.layout.VBox.class);
            javafx.scene.Node metrics = sections.getChildren().stream()
                    .filter(n -> n instanceof javafx.scene.layout.VBox box && !box.getChildren().isEmpty()
                            && box.getChildren().get(0) instanceof javafx.scene.control.Label l
                            && l.getText().equals("Measured metrics"))
                    .findFirst().orElseThrow(() -> new AssertionError("the judge shows measured metrics"));
            javafx.scene.Parent up = sections.getParent();
            while (!(up instanceof javafx.scene.control.ScrollPane)) {
                up = up.getParent();
            }
            javafx.scene.control.ScrollPane pane = (javafx.scene.control.ScrollPane) up;
            double free = sections.getHeight() - pane.getViewportBounds().getHeight();
            pane.setVvalue(Math.min(1, (metrics.getBoundsInParent().getMinY() - 40) / free));
        });
        shoot(robot, "models.png");
    }

    private static void pretendTheLastRunCrashedDuring(Path journal, int index) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(journal.toFile());
        root.put("cleanShutdown", false);
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("jobs").get(index)).put("state", "RUNNING")
                .put("started", java.time.Instant.now().toString());
        json.writeValue(journal.toFile(), root);
    }

    private void mount(javafx.scene.Node root) throws Exception {
        FxToolkit.setupStage(stage -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            scene = new Scene((Parent) root, 1280, 800);
            stage.setScene(scene);
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void shoot(FxRobot robot, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = scene.snapshot(null));
        BufferedImage rendered = SwingFXUtils.fromFXImage(image[0], null);
        assertEquals(1280, rendered.getWidth());
        assertEquals(800, rendered.getHeight());
        Files.createDirectories(OUT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(rendered, "png", bytes);
        AtomicFiles.write(OUT.resolve(name), bytes.toByteArray());
    }

    /** The bundled Google emoji named {@code prompt}, as the queue's thumbnails would show a good render of it. */
    static byte[] png(String prompt) throws java.io.IOException {
        dev.tessera.generation.data.EmojiSet set = dev.tessera.generation.data.EmojiDataset.loadBundledSet(
                dev.tessera.generation.data.EmojiStyle.GOOGLE, 32);
        String lastWord = prompt.substring(prompt.lastIndexOf(' ') + 1);
        int index = java.util.stream.IntStream.range(0, set.items().size())
                .filter(i -> set.items().get(i).name().equalsIgnoreCase(prompt)).findFirst()
                .orElse(java.util.stream.IntStream.range(0, set.items().size())
                        .filter(i -> set.items().get(i).shortNames().contains(lastWord)).findFirst().orElse(0));
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                image.setRGB(x, y, set.rgb(index, x, y));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    /** Lets the lambda above wait and sleep: interruption just ends the image early. */
    private interface SleepyRenderer {
        List<Path> render(dev.tessera.app.queue.Job job, dev.tessera.app.queue.ProgressListener progress,
                dev.tessera.generation.diffusion.CancellationToken cancellation) throws Exception;
    }

    private static JobRenderer uncheckedSleep(SleepyRenderer renderer) {
        return (job, progress, cancellation) -> {
            try {
                return renderer.render(job, progress, cancellation);
            } catch (java.io.IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        };
    }

}
