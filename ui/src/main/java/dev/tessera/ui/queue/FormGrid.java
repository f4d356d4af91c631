package dev.tessera.ui.queue;

import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** A two-column form: labels sized to their text (never cut off), inputs taking the rest. */
final class FormGrid {

    private final GridPane grid = new GridPane();
    private int nextRow;

    FormGrid() {
        grid.setHgap(10);
        grid.setVgap(8);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints inputs = new ColumnConstraints();
        inputs.setHgrow(Priority.ALWAYS);
        inputs.setFillWidth(true);
        grid.getColumnConstraints().addAll(labels, inputs);
    }

    /** Adds a labelled row; {@code id} names the input for tests and tools. */
    void add(String label, Node input, String id) {
        input.setId(id);
        if (input instanceof Control control) {
            control.setMaxWidth(Double.MAX_VALUE);
        }
        Label name = new Label(label);
        name.setMinWidth(Region.USE_PREF_SIZE);
        name.setLabelFor(input);
        grid.addRow(nextRow++, name, input);
    }

    GridPane node() {
        return grid;
    }
}
