package dev.tessera.ui;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The line at the bottom of the window: the latest message (info, warning or error) and where data lives. */
final class StatusBar {

    enum Level { INFO, WARNING, ERROR }

    private final Label message = new Label("Ready");
    private final Label right = new Label();
    private final HBox root;

    StatusBar(String rightText) {
        message.setId("status-message");
        message.setMaxWidth(Double.MAX_VALUE);
        right.setText(rightText);
        right.getStyleClass().add("muted");
        Region gap = new Region();
        HBox.setHgrow(message, Priority.ALWAYS);
        root = new HBox(message, gap, right);
        root.setAlignment(Pos.CENTER_LEFT);
        root.getStyleClass().add("status-bar");
    }

    void show(Level level, String text) {
        message.getStyleClass().removeAll("warning", "error");
        if (level != Level.INFO) {
            message.getStyleClass().add(level.name().toLowerCase());
        }
        message.setText((level == Level.INFO ? "" : level == Level.WARNING ? "Warning: " : "Error: ") + text);
    }

    String text() {
        return message.getText();
    }

    HBox root() {
        return root;
    }
}
