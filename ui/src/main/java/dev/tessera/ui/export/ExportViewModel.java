package dev.tessera.ui.export;

import dev.tessera.app.export.ExportOptions;
import dev.tessera.app.export.ExportScale;
import dev.tessera.app.export.FolderOpener;
import dev.tessera.app.export.ImageExport;
import dev.tessera.app.export.TransparentBackground;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The export settings the Generate and History pages share (scale, transparent background and its
 * tolerance, grid labels) and the work behind their buttons: exports and opening a folder run on the
 * studio's file thread, their outcome comes back on the FX thread. Methods run on the FX thread.
 */
public final class ExportViewModel {

    private final Executor files;
    private final Executor uiThread;
    private FolderOpener opener;
    private ExportTarget target = ExportTarget.fileChooser();

    private final ObjectProperty<ExportScale> scale = new SimpleObjectProperty<>(ExportScale.X8);
    private final BooleanProperty transparent = new SimpleBooleanProperty();
    private final StringProperty tolerance = new SimpleStringProperty(
            Integer.toString(TransparentBackground.DEFAULT_TOLERANCE));
    private final BooleanProperty labels = new SimpleBooleanProperty(true);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<FolderOpener.NotOpened> notOpened = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Path> lastExport = new ReadOnlyObjectWrapper<>();

    public ExportViewModel(Executor files, Executor uiThread, FolderOpener opener) {
        this.files = files;
        this.uiThread = uiThread;
        this.opener = opener;
    }

    /** The options of the form; empty, with the reason in {@link #messageProperty()}, when the tolerance is not valid. */
    public Optional<ExportOptions> options() {
        try {
            int value = Integer.parseInt(tolerance.get().strip());
            return Optional.of(new ExportOptions(scale.get(), transparent.get(), value));
        } catch (NumberFormatException e) {
            message.set("The tolerance must be a whole number from 0 to " + TransparentBackground.MAX_TOLERANCE + ".");
        } catch (IllegalArgumentException e) {
            message.set("The " + e.getMessage() + ".");
        }
        return Optional.empty();
    }

    /** Exports one image to {@code file} in the background. */
    public void exportImage(Path source, ExportOptions options, Path file) {
        run("Exporting " + source.getFileName() + "…", () -> ImageExport.image(source, options, file));
    }

    /** Exports {@code sources} as one grid to {@code file} in the background. */
    public void exportGrid(List<Path> sources, ExportOptions options, Path file) {
        boolean withLabels = labels.get();
        run("Exporting a grid of " + sources.size() + " images…", () -> ImageExport.grid(sources, options, withLabels, file));
    }

    private interface Export {
        Path write() throws Exception;
    }

    private void run(String starting, Export export) {
        busy.set(true);
        message.set(starting);
        files.execute(() -> {
            String outcome;
            Path written = null;
            try {
                written = export.write();
                outcome = "Exported " + written + " (with its recipe).";
            } catch (Exception e) {
                outcome = "Export failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
            }
            String shown = outcome;
            Path file = written;
            uiThread.execute(() -> {
                busy.set(false);
                message.set(shown);
                if (file != null) {
                    lastExport.set(file);
                }
            });
        });
    }

    /** Shows {@code folder} in the file manager; when that fails, {@link #notOpenedProperty()} says why and where. */
    public void openFolder(Path folder) {
        notOpened.set(null);
        message.set("Opening " + folder + "…");
        FolderOpener current = opener;
        files.execute(() -> {
            FolderOpener.Outcome outcome = current.open(folder);
            uiThread.execute(() -> {
                if (outcome instanceof FolderOpener.NotOpened failed) {
                    message.set("");
                    notOpened.set(failed);
                } else if (outcome instanceof FolderOpener.Opened opened) {
                    message.set("Opened " + opened.folder() + " (" + opened.how() + ").");
                }
            });
        });
    }

    public void dismissNotOpened() {
        notOpened.set(null);
    }

    /** The folder "Open folder" shows: that of the last export, else {@code fallback} (the selected image's). */
    public Path folderToOpen(Path fallback) {
        Path last = lastExport.get();
        return last != null ? last.toAbsolutePath().getParent() : fallback;
    }

    public void setOpener(FolderOpener opener) {
        this.opener = opener;
    }

    public ExportTarget target() {
        return target;
    }

    public void setTarget(ExportTarget target) {
        this.target = target;
    }

    public ObjectProperty<ExportScale> scaleProperty() { return scale; }
    public BooleanProperty transparentProperty() { return transparent; }
    public StringProperty toleranceProperty() { return tolerance; }
    public BooleanProperty labelsProperty() { return labels; }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    /** Set when the last "Open folder" failed: the message and the path to copy. */
    public ReadOnlyObjectProperty<FolderOpener.NotOpened> notOpenedProperty() { return notOpened.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Path> lastExportProperty() { return lastExport.getReadOnlyProperty(); }
}
