package dev.tessera.ui.generate;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import dev.tessera.app.generate.PromptNeighbours;
import dev.tessera.app.generate.PromptNote;
import dev.tessera.app.generate.TrainedPrompts;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.event.Event;
import javafx.event.EventDispatcher;
import javafx.geometry.Side;
import javafx.scene.Cursor;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.InputMethodEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Region;
import javafx.util.Duration;

/**
 * The prompt: one text field, the only place the prompt is shown and edited, and a drop-down of
 * recent prompts that copies the one picked into the field. An editable ComboBox is not used on
 * purpose: its value and selection are a second copy of the text that moves when the history list
 * is reordered after a render, and rewrites the field with another prompt.
 *
 * <p>While the user types, a second menu suggests the emoji names the model was trained on
 * ({@link TrainedPrompts}) with their categories; picking one, too, only sets the field's text.
 * A note under the field says when the prompt is far from every trained name: a prompt far by its
 * letters is checked, once typing pauses and off the FX thread, against the names' meanings
 * ({@link PromptNeighbours}), so "kitty" gets no note and "tax return form" does.
 */
final class PromptField {

    private static final KeyCombination OPEN = new KeyCodeCombination(KeyCode.DOWN, KeyCombination.ALT_DOWN);

    static final int SUGGESTIONS = 8;

    /** One thread for every prompt field's meaning checks: they queue behind each other, never on the FX thread. */
    private static final ExecutorService MEANINGS = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "tessera-prompt-help");
        thread.setDaemon(true);
        return thread;
    });

    private final CustomTextField field = new CustomTextField();
    private final ObservableList<String> history;
    private final Supplier<TrainedPrompts> names;
    private final Supplier<PromptNeighbours> meanings;
    /** The trained names, once {@link #loadNames} has read them; no suggestions or note until then. */
    private TrainedPrompts catalogue;
    private ContextMenu suggestions = new ContextMenu();
    private final Label note = new Label();
    private PromptNeighbours neighbours;
    private final PauseTransition pause = new PauseTransition(Duration.millis(300));
    private boolean picking;
    /** Above 0 while a key or input-method event of the user's is dispatched to the field: a change then is typing. */
    private int userInput;

    /**
     * @param neighbours the names' meanings, asked off the FX thread (its first answer encodes every
     *     name); when it fails the note falls back to the letters' verdict
     */
    PromptField(StringProperty prompt, ObservableList<String> history, Supplier<TrainedPrompts> names,
            Supplier<PromptNeighbours> meanings) {
        this.history = history;
        this.names = names;
        this.meanings = meanings;
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

        // Up, Down and Enter move in and pick from the open suggestions, wherever the window system
        // delivers them (the field keeps the focus while the menu shows).
        field.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            boolean navigation = e.getCode() == KeyCode.DOWN || e.getCode() == KeyCode.UP || e.getCode() == KeyCode.ENTER;
            if (navigation && !e.isShortcutDown() && !e.isAltDown() && suggestions.isShowing()
                    && suggestions.getSkin() != null) {
                e.consume();
                Event.fireEvent(suggestions.getSkin().getNode(),
                        e.copyFor(suggestions.getSkin().getNode(), suggestions.getSkin().getNode()));
            }
        });
        note.setId("prompt-note");
        note.setWrapText(true);
        note.getStyleClass().addAll("muted", Styles.WARNING);
        note.managedProperty().bind(note.visibleProperty());
        setNote(""); // until the names have loaded (loadNames)
        // Only the user's typing suggests: the field may have the focus while the program sets its text
        // (History's "Use settings", a dropped PNG), and that must not open the menu. Text changes made
        // while the field handles a key or an input-method event are typing (pasting with Ctrl+V too).
        EventDispatcher dispatcher = field.getEventDispatcher();
        field.setEventDispatcher((event, tail) -> {
            if (!(event instanceof KeyEvent || event instanceof InputMethodEvent)) {
                return dispatcher.dispatchEvent(event, tail);
            }
            userInput++;
            try {
                return dispatcher.dispatchEvent(event, tail);
            } finally {
                userInput--;
            }
        });
        field.textProperty().addListener((obs, old, now) -> typed(now));
        field.focusedProperty().addListener((obs, old, now) -> {
            if (!now) {
                suggestions.hide();
            }
        });
        field.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (OPEN.match(e) && !history.isEmpty()) {
                showRecent();
                e.consume();
            }
        });
    }

    /**
     * Reads the trained names (and makes their meanings' index, which encodes nothing until asked) on
     * {@code background}, then, on the FX thread, starts suggesting and notes the prompt already typed.
     * A second call does nothing.
     */
    void loadNames(Executor background) {
        if (catalogue != null) {
            return;
        }
        background.execute(() -> {
            TrainedPrompts read = names.get();
            PromptNeighbours index = meanings.get();
            Platform.runLater(() -> {
                if (catalogue == null) {
                    catalogue = read;
                    neighbours = index;
                    showNote(field.getText());
                }
            });
        });
    }

    TextField node() {
        return field;
    }

    /** The one-line note for a prompt far from every trained name; hidden otherwise. */
    Label note() {
        return note;
    }

    private void typed(String text) {
        showNote(text);
        if (picking || userInput == 0 || !field.isFocused()) {
            suggestions.hide(); // a pick, a recipe or the history set the text: nothing to suggest
            return;
        }
        if (catalogue == null) {
            return; // the names are still loading: nothing to suggest yet
        }
        var matches = catalogue.suggest(text, SUGGESTIONS);
        if (matches.isEmpty() || matches.size() == 1 && matches.get(0).name().equals(text.strip())) {
            suggestions.hide();
            return;
        }
        // A new menu for each change, as for the history: a reused one keeps the entry last hovered focused.
        suggestions.hide();
        suggestions = new ContextMenu(matches.stream().map(this::suggestion).toArray(MenuItem[]::new));
        suggestions.setId("prompt-suggestions");
        // The open menu gets the keys first and eats Enter, so Ctrl+Enter would not reach the
        // scene's accelerators: a key with Ctrl, Alt or Meta closes it and goes to the field instead.
        ContextMenu menu = suggestions;
        menu.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() || e.isControlDown() || e.isAltDown() || e.isMetaDown()) {
                e.consume();
                menu.hide();
                Event.fireEvent(field, e.copyFor(field, field));
            }
        });
        menu.show(field, Side.BOTTOM, 0, 0);
    }

    private void showNote(String text) {
        if (catalogue == null) {
            return; // noted once the names have loaded (loadNames)
        }
        String name = PromptNote.nameOf(text);
        Optional<String> byLetters = catalogue.note(name);
        pause.stop();
        if (byLetters.isEmpty()) {
            setNote("");
            return;
        }
        // Far by its letters: ask about its meaning once typing pauses; until then the old note stays.
        pause.setOnFinished(e -> MEANINGS.submit(() -> {
            String shown = PromptNote.byMeaning(name, byLetters.get(), neighbours).orElse("");
            Platform.runLater(() -> {
                if (text.equals(field.getText())) {
                    setNote(shown);
                }
            });
        }));
        pause.playFromStart();
    }

    private void setNote(String text) {
        note.setText(text);
        note.setVisible(!text.isEmpty());
    }

    private MenuItem suggestion(TrainedPrompts.Entry entry) {
        Label name = new Label(entry.name());
        Label category = new Label(entry.category());
        category.getStyleClass().addAll("muted", Styles.TEXT_SMALL);
        Region gap = new Region();
        javafx.scene.layout.HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
        javafx.scene.layout.HBox row = new javafx.scene.layout.HBox(12, name, gap, category);
        row.setMinWidth(Math.max(200, field.getWidth() - 24));
        CustomMenuItem item = new CustomMenuItem(row, true);
        item.setMnemonicParsing(false);
        item.setOnAction(e -> pick(entry.name()));
        return item;
    }

    /** Puts a picked text in the field: the field is the one copy of the prompt. */
    private void pick(String prompt) {
        picking = true;
        try {
            field.setText(prompt);
        } finally {
            picking = false;
        }
        suggestions.hide();
        field.requestFocus();
        field.end();
    }

    /**
     * Lists the history as it is now; picking an entry replaces the field's text with it. A new menu
     * each time: a reused one keeps the entry last hovered focused, so Down would not start at the top.
     */
    private void showRecent() {
        suggestions.hide();
        ContextMenu recent = new ContextMenu(history.stream().map(this::entry).toArray(MenuItem[]::new));
        recent.setId("prompt-history-menu");
        // as wide as the field it drops from, like a combo box's list
        recent.setStyle("-fx-min-width: " + Math.round(field.getWidth()) + "px;");
        recent.show(field, Side.BOTTOM, 0, 0);
    }

    private MenuItem entry(String prompt) {
        MenuItem item = new MenuItem(prompt);
        item.setMnemonicParsing(false); // a prompt with "_" shows as typed
        item.setOnAction(e -> pick(prompt));
        return item;
    }
}
