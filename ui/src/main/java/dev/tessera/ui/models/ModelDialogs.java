package dev.tessera.ui.models;

import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.Window;

/** The questions the Models view asks the user; an interface so tests can answer them. */
public interface ModelDialogs {

    /** Asks for a model file to import; empty when the user cancels. */
    Optional<Path> chooseModelFile(Window owner);

    /** Asks a yes/no question; {@code confirmLabel} names the action the "yes" button performs. */
    boolean confirm(Window owner, String title, String text, String confirmLabel);
}
