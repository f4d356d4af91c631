package dev.tessera.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.engine.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A machine that cannot show the studio (no GTK 3, no display) gets one line saying what to do. */
class StudioStartFailureTest {

    @TempDir Path dir;

    @Test
    void javaFxsStartFailuresBecomeOneActionableLine() {
        // the exceptions as JavaFX 21's GtkApplication and its native loader throw them
        assertEquals(Optional.of(StudioStartFailure.NO_GTK), StudioStartFailure.explain(
                new UnsupportedOperationException("Unable to load glass GTK library."), ":0"));
        assertEquals(Optional.of(StudioStartFailure.NO_GTK), StudioStartFailure.explain(new RuntimeException(
                "Application launch failed", new UnsupportedOperationException("Unable to load glass GTK library.")), ":0"));
        assertEquals(Optional.of(StudioStartFailure.NO_GTK), StudioStartFailure.explain(new UnsatisfiedLinkError(
                "/home/u/.openjfx/cache/21.0.11/amd64/libglassgtk3.so: libgtk-3.so.0: cannot open shared object file"),
                ":0"));
        UnsupportedOperationException noDisplay = new UnsupportedOperationException("Unable to open DISPLAY");
        assertEquals(Optional.of("The studio needs a graphical desktop and could not open a display (DISPLAY is not set;"
                + " over SSH use ssh -X). The CLI works without one: ./tessera --help"),
                StudioStartFailure.explain(noDisplay, null));
        assertTrue(StudioStartFailure.explain(noDisplay, ":99").orElseThrow().contains("(DISPLAY=:99;"));
        assertEquals(Optional.empty(), StudioStartFailure.explain(new IllegalStateException("Toolkit already initialized"),
                ":0"));
        assertEquals(Optional.empty(), StudioStartFailure.explain(new UnsupportedOperationException("something else"), ":0"));
        assertTrue(StudioStartFailure.NO_GTK.contains("sudo apt install libgtk-3-0"), StudioStartFailure.NO_GTK);
    }

    @Test
    void theLauncherPrintsTheLineAndExitsWithOneAndOtherFailuresStayTheirOwn() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = TesseraMain.openStudio(() -> {
            throw new UnsupportedOperationException("Unable to load glass GTK library.");
        }, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, exit);
        assertEquals("tessera: " + StudioStartFailure.NO_GTK + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));

        IllegalStateException other = new IllegalStateException("a bug");
        assertSame(other, assertThrows(IllegalStateException.class, () -> TesseraMain.openStudio(() -> {
            throw other;
        }, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))));
    }

    @Test
    void withoutADisplayTheRealStudioEndsWithTheLineAndNoStackTrace() throws Exception {
        Path log = dir.resolve("child.log");
        ProcessBuilder studio = ChildJvm.of(List.of(), TesseraMain.class).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        studio.environment().remove("DISPLAY");
        studio.environment().remove("WAYLAND_DISPLAY");
        Process child = studio.start();
        try {
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the studio did not give up within 60 s");
        } finally {
            child.destroyForcibly();
        }
        String output = Files.readString(log).strip();
        assertEquals(1, child.exitValue(), output);
        // no display here; a machine without GTK 3 gets that line instead, before looking for a display
        assertTrue(output.equals("tessera: " + StudioStartFailure.noDisplay(null))
                || output.equals("tessera: " + StudioStartFailure.NO_GTK), output);
    }
}
