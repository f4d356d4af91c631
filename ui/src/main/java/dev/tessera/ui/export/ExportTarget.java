package dev.tessera.ui.export;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Asks where an export goes; an interface so tests can answer without a native dialog. */
@FunctionalInterface
public interface ExportTarget {

    /** The file to write; empty when the user cancels. {@code folder} is where the chooser starts (may be null). */
    Optional<Path> choose(Window owner, String title, String suggestedName, Path folder);

    /** The system's save dialog, for PNG files. */
    static ExportTarget fileChooser() {
        return (owner, title, suggestedName, folder) -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(title);
            chooser.setInitialFileName(suggestedName);
            if (folder != null && Files.isDirectory(folder)) {
                chooser.setInitialDirectory(folder.toFile());
            }
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
            return Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath);
        };
    }
}
