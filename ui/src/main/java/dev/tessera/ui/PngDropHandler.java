package dev.tessera.ui;

import dev.tessera.app.history.ImportedSettings;
import dev.tessera.app.history.SettingsImport;
import dev.tessera.ui.generate.GenerateViewModel;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;

/**
 * Dropping a PNG anywhere on the window restores the settings it carries into the Generate page
 * (a Tessera recipe exactly, or another tool's A1111 parameters as far as they apply) and says
 * what could not be restored. Anything else gets a message saying why nothing happened.
 */
final class PngDropHandler {

    private static final long MAX_BYTES = 64L << 20; // metadata sits in small PNGs; refuse to read huge files

    private final GenerateViewModel generate;
    private final Runnable showGenerate;
    private final StatusBar status;

    PngDropHandler(GenerateViewModel generate, Runnable showGenerate, StatusBar status) {
        this.generate = generate;
        this.showGenerate = showGenerate;
        this.status = status;
    }

    void install(Scene scene) {
        install(scene, Runnable::run);
    }

    /**
     * As {@link #install(Scene)}, with a dropped file read when {@code whenReady} runs it: the studio
     * holds a drop in its first moments until its models are listed, so the PNG's model is found.
     */
    void install(Scene scene, java.util.function.Consumer<Runnable> whenReady) {
        scene.addEventHandler(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
                e.consume();
            }
        });
        scene.addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                List<File> dropped = List.copyOf(e.getDragboard().getFiles());
                whenReady.accept(() -> restore(dropped));
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    /** Restores settings from the first file; true when something was restored. */
    boolean restore(List<File> files) {
        showGenerate.run();
        if (files.isEmpty()) {
            return fail("Nothing was dropped.");
        }
        Path file = files.get(0).toPath();
        String more = files.size() > 1 ? " (only the first of the " + files.size() + " dropped files was read)" : "";
        try {
            if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
                return fail(file.getFileName() + " is larger than 64 MB; it is not a generated image." + more);
            }
            ImportedSettings imported = SettingsImport.read(file);
            String message = generate.form().apply(imported, file.getFileName() + " (" + imported.source() + ")") + more;
            generate.form().showNotice(message);
            status.show(imported.notRestored().isEmpty() ? StatusBar.Level.INFO : StatusBar.Level.WARNING, message);
            return true;
        } catch (SettingsImport.NoSettingsException e) {
            return fail(e.getMessage() + more);
        } catch (java.io.IOException e) {
            return fail("Cannot read " + file + ": " + e.getMessage());
        }
    }

    private boolean fail(String message) {
        generate.form().showNotice(message);
        status.show(StatusBar.Level.ERROR, message);
        return false;
    }
}
