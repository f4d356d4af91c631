package dev.tessera.ui.models;

import dev.tessera.app.models.ModelDetails;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * A model's details as labelled sections, all open at once: File, Architecture (config),
 * Provenance, Measured metrics, Other metadata. Empty sections are left out.
 */
final class ModelDetailsPane {

    /** Style class of value labels; their user data is the entry's name (for tests and tools). */
    static final String VALUE_CLASS = "detail-value";

    private static final double NAME_WIDTH = 230;

    private final VBox sections = new VBox(18);
    private final ScrollPane scroll = new ScrollPane(sections);

    ModelDetailsPane() {
        sections.setId("model-details");
        sections.setPadding(new Insets(4, 12, 12, 4));
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setStyle("-fx-background-color: transparent; -fx-background: transparent;");
    }

    Node node() {
        return scroll;
    }

    void show(ModelDetails details) {
        sections.getChildren().clear();
        section("File", details.file());
        section("Architecture (config)", details.config());
        section("Provenance", details.provenance());
        section("Measured metrics", details.metrics());
        section("Other metadata", details.other());
        scroll.setVvalue(0);
    }

    void clear() {
        sections.getChildren().clear();
    }

    private void section(String title, List<ModelDetails.Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Label heading = new Label(title);
        heading.getStyleClass().add("section-title");
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(6);
        ColumnConstraints names = new ColumnConstraints();
        // One fixed width for every section, so the values line up down the pane.
        names.setMinWidth(NAME_WIDTH);
        names.setPrefWidth(NAME_WIDTH);
        names.setMaxWidth(NAME_WIDTH);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setMinWidth(100);
        grid.getColumnConstraints().addAll(names, values);
        int row = 0;
        for (ModelDetails.Entry entry : entries) {
            Label name = new Label(entry.name());
            name.getStyleClass().add("muted");
            name.setWrapText(true); // a long readable name ("Style accuracy (%) — augmented") wraps instead of clipping
            name.setTooltip(new Tooltip(entry.description()));
            Label value = new Label(entry.value());
            value.getStyleClass().add(VALUE_CLASS);
            value.setUserData(entry.name());
            value.setWrapText(true);
            value.setTooltip(new Tooltip(entry.description()));
            GridPane.setValignment(name, VPos.TOP);
            grid.addRow(row++, name, value);
        }
        sections.getChildren().add(new VBox(8, heading, grid));
    }
}
