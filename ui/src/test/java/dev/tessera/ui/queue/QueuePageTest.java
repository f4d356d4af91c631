package dev.tessera.ui.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.queue.RenderQueue;
import java.nio.file.Path;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The studio's queue page while another holder has the queue folder, and after it lets go. */
@ExtendWith(ApplicationExtension.class)
class QueuePageTest {

    @TempDir Path dir;
    private QueuePage page;
    private final RenderLane lane = new RenderLane();

    @AfterEach
    void close() throws Exception {
        if (page != null) {
            page.close();
        }
        lane.close();
        FxToolkit.hideStage();
    }

    @Test
    void explainsALockedQueueAndOpensItOnRetry(FxRobot robot) throws Exception {
        Path queueDir = dir.resolve("queue");
        RenderQueue holder = RenderQueue.open(queueDir);
        ModelCatalogue catalogue = new ModelCatalogue(dir.resolve("b"), dir.resolve("u"));
        FxToolkit.setupStage(stage -> {
            page = QueuePage.forStudio(queueDir, lane, catalogue, dir.resolve("out"),
                    java.util.concurrent.ForkJoinPool.commonPool());
            stage.setScene(new Scene((Parent) page.root(), 1280, 800));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        String reason = robot.lookup("#queue-unavailable").queryAs(Label.class).getText();
        assertTrue(reason.startsWith("The queue in " + queueDir + " is already open"), reason);
        assertTrue(page.model().isEmpty());

        robot.clickOn("#queue-retry");
        assertTrue(robot.lookup("#queue-view").tryQuery().isEmpty(), "still held: still explained");

        holder.close();
        robot.clickOn("#queue-retry");
        assertTrue(robot.lookup("#queue-view").tryQuery().isPresent());
        assertEquals("Pause queue", robot.lookup("#queue-pause").queryButton().getText());
        assertTrue(page.model().isPresent());
    }
}
