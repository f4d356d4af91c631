package dev.tessera.ui.generate;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.geometry.Side;
import javafx.scene.Cursor;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Region;

/**
 * The prompt: one text field, the only place the prompt is shown and edited, and a drop-down of
 * recent prompts that copies the one picked into the field. An editable ComboBox is not used on
 * purpose: its value and selection are a second copy of the text that moves when the history list
 * is reordered after a render, and rewrites the field with another prompt.
 */
final class PromptField {

    private static final KeyCombination OPEN = new KeyCodeCombination(KeyCode.DOWN, KeyCombination.ALT_DOWN);

    private final CustomTextField field = new CustomTextField();
    private final ObservableList<String> history;

    PromptField(StringProperty prompt, ObservableList<String> history) {
        this.history = history;
        field.setId("prompt");
        field.setPromptText("e.g. cat face");
        field.setMaxWidth(Double.MAX_VALUE);
        field.textProperty().bindBidirectional(prompt);
        field.setTooltip(new Tooltip("What the emoji shows. The drop-down (Alt+Down) lists your recent prompts."));

        Region arrow = new Region();
        arrow.getStyleClass().add("drop-down-arrow");
        Button open = new Button(null, arrow);
        open.setId("prompt-history");
        open.getStyleClass().addAll(Styles.FLAT, Styles.BUTTON_ICON);
        open.setCursor(Cursor.DEFAULT);
        open.setFocusTraversable(false); // Tab goes from the prompt to the next field; Alt+Down opens the list
        open.setTooltip(new Tooltip("Recent prompts (Alt+Down)"));
        open.disableProperty().bind(Bindings.isEmpty(history));
        open.setOnAction(e -> showRecent());
        field.setRight(open);
        field.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (OPEN.match(e) && !history.isEmpty()) {
                showRecent();
                e.consume();
            }
        });
    }

    TextField node() {
        return field;
    }

    /**
     * Lists the history as it is now; picking an entry replaces the field's text with it. A new menu
     * each time: a reused one keeps the entry last hovered focused, so Down would not start at the top.
     */
    private void showRecent() {
        ContextMenu recent = new ContextMenu(history.stream().map(this::entry).toArray(MenuItem[]::new));
        recent.setId("prompt-history-menu");
        // as wide as the field it drops from, like a combo box's list
        recent.setStyle("-fx-min-width: " + Math.round(field.getWidth()) + "px;");
        recent.show(field, Side.BOTTOM, 0, 0);
    }

    private MenuItem entry(String prompt) {
        MenuItem item = new MenuItem(prompt);
        item.setMnemonicParsing(false); // a prompt with "_" shows as typed
        item.setOnAction(e -> {
            field.setText(prompt);
            field.requestFocus();
            field.end();
        });
        return item;
    }
}
