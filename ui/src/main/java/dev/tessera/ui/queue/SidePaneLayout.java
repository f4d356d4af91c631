package dev.tessera.ui.queue;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;

/**
 * The frame of a side form: title at the top, the fields scrolling in the middle, and the
 * outcome and buttons fixed at the bottom, so Save / Add stay in sight in a small window.
 */
final class SidePaneLayout {

    private SidePaneLayout() {}

    static BorderPane of(String id, double width, Node header, Node fields, Node footer) {
        ScrollPane scroll = new ScrollPane(fields);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setStyle("-fx-background-color: transparent; -fx-background: transparent; -fx-padding: 0;");
        BorderPane pane = new BorderPane(scroll, header, null, footer, null);
        BorderPane.setMargin(header, new Insets(0, 0, 10, 0));
        BorderPane.setMargin(footer, new Insets(10, 0, 0, 0));
        pane.setId(id);
        pane.getStyleClass().add("side-pane");
        pane.setPrefWidth(width);
        pane.setMinWidth(width);
        pane.setMaxWidth(width);
        return pane;
    }
}
