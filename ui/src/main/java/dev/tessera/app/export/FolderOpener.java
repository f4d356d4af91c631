package dev.tessera.app.export;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Shows a folder in the system's file manager: through {@link java.awt.Desktop} where the platform
 * supports it, otherwise with {@code xdg-open}. When no way works the outcome says so with the path,
 * so the user can go there by hand. Never waits long: a launcher that has not finished after
 * {@link #LAUNCH_WAIT_SECONDS} is taken as started (some keep running with the file manager).
 * Call it off the FX thread: {@code Desktop} may block while the platform starts the program.
 */
public final class FolderOpener {

    public static final long LAUNCH_WAIT_SECONDS = 3;

    /** What happened. */
    public sealed interface Outcome permits Opened, NotOpened {
        Path folder();
    }

    /** @param how which way opened it, e.g. "xdg-open" */
    public record Opened(Path folder, String how) implements Outcome {}

    /** @param reason every way tried and why it failed, for the user */
    public record NotOpened(Path folder, String reason) implements Outcome {

        /** "Could not open the folder (…). It is at /path". */
        public String message() {
            return "Could not open the folder in a file manager (" + reason + "). It is at " + folder;
        }
    }

    /** One way of opening a folder; throws with the reason when it cannot. */
    public record Way(String name, Launcher launcher) {}

    @FunctionalInterface
    public interface Launcher {
        void open(Path folder) throws Exception;
    }

    private final List<Way> ways;

    public FolderOpener(List<Way> ways) {
        this.ways = List.copyOf(ways);
    }

    /** Desktop, then xdg-open. */
    public static FolderOpener system() {
        return new FolderOpener(List.of(new Way("java.awt.Desktop", FolderOpener::desktop),
                new Way("xdg-open", folder -> command(List.of("xdg-open", folder.toString())))));
    }

    public Outcome open(Path folder) {
        if (!Files.isDirectory(folder)) {
            return new NotOpened(folder, "it does not exist");
        }
        List<String> failures = new ArrayList<>();
        for (Way way : ways) {
            try {
                way.launcher().open(folder);
                return new Opened(folder, way.name());
            } catch (Exception e) {
                failures.add(way.name() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        return new NotOpened(folder, failures.isEmpty() ? "no way to open folders is configured"
                : String.join("; ", failures));
    }

    private static void desktop(Path folder) throws IOException {
        if (GraphicsEnvironment.isHeadless() || !Desktop.isDesktopSupported()
                || !Desktop.getDesktop().isSupported(Desktop.Action.OPEN)) {
            throw new UnsupportedOperationException("not supported on this system");
        }
        Desktop.getDesktop().open(folder.toFile());
    }

    /** Runs a launcher program; a non-zero exit within the wait is a failure, a missing program too. */
    static void command(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException("not installed");
        }
        process.getOutputStream().close();
        if (process.waitFor(LAUNCH_WAIT_SECONDS, TimeUnit.SECONDS) && process.exitValue() != 0) {
            throw new IOException("exited with code " + process.exitValue());
        }
    }
}
