package dev.tessera.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderOpenerTest {

    @TempDir Path dir;

    @Test
    void triesEachWayInTurnAndSaysWhichOpenedIt() {
        List<Path> opened = new ArrayList<>();
        FolderOpener opener = new FolderOpener(List.of(
                new FolderOpener.Way("desktop", folder -> {
                    throw new UnsupportedOperationException("not supported on this system");
                }),
                new FolderOpener.Way("xdg-open", opened::add)));
        FolderOpener.Outcome outcome = opener.open(dir);
        assertEquals(new FolderOpener.Opened(dir, "xdg-open"), outcome);
        assertEquals(List.of(dir), opened);
    }

    @Test
    void whenNoWayWorksTheMessageGivesEveryReasonAndThePath() {
        FolderOpener opener = new FolderOpener(List.of(
                new FolderOpener.Way("desktop", folder -> {
                    throw new UnsupportedOperationException("not supported on this system");
                }),
                new FolderOpener.Way("xdg-open", folder -> {
                    throw new IOException("not installed");
                })));
        FolderOpener.NotOpened failed = assertInstanceOf(FolderOpener.NotOpened.class, opener.open(dir));
        assertEquals("Could not open the folder in a file manager (desktop: not supported on this system; xdg-open: not"
                + " installed). It is at " + dir, failed.message());
        assertInstanceOf(FolderOpener.NotOpened.class, opener.open(dir.resolve("missing")));
    }

    @Test
    void aLauncherProgramThatIsMissingFailsOrExitsBadlyFailsAndOneThatKeepsRunningDoesNotHang() throws Exception {
        IOException missing = assertThrows(IOException.class,
                () -> FolderOpener.command(List.of("tessera-no-such-launcher", dir.toString())));
        assertEquals("not installed", missing.getMessage());
        IOException exit = assertThrows(IOException.class, () -> FolderOpener.command(List.of("false")));
        assertEquals("exited with code 1", exit.getMessage());
        assertTimeoutPreemptively(Duration.ofSeconds(FolderOpener.LAUNCH_WAIT_SECONDS + 5),
                () -> FolderOpener.command(List.of("sleep", "30")));
    }
}
