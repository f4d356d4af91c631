package dev.tessera.ui;

import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The window's frame: menu bar, the navigation listing the {@link StudioView}s, the current view and
 * the status bar. Knows nothing about what the views do.
 */
final class StudioShell {

    private final BorderPane root = new BorderPane();
    private final StackPane content = new StackPane();
    private final ToggleGroup navigation = new ToggleGroup();
    private final List<StudioView> views;
    private StudioView current;

    StudioShell(List<StudioView> views, MenuBar menu, StatusBar status) {
        this.views = List.copyOf(views);
        root.setId("studio");
        root.setTop(menu);
        root.setLeft(navigation());
        root.setCenter(content);
        root.setBottom(status.root());
        show(views.get(0));
    }

    private Node navigation() {
        Label name = new Label("Tessera");
        name.getStyleClass().add("app-name");
        VBox nav = new VBox(name);
        nav.getStyleClass().add("nav");
        nav.setPrefWidth(190);
        for (StudioView view : views) {
            ToggleButton item = new ToggleButton(view.title());
            item.setId("nav-" + view.title().toLowerCase().replace(' ', '-'));
            item.setToggleGroup(navigation);
            item.setMaxWidth(Double.MAX_VALUE);
            item.setUserData(view);
            item.setOnAction(e -> show(view));
            nav.getChildren().add(item);
        }
        Region gap = new Region();
        VBox.setVgrow(gap, Priority.ALWAYS);
        StringBuilder hints = new StringBuilder();
        for (StudioView view : views) {
            view.shortcut().ifPresent(k -> hints.append(k.getDisplayText()).append("  ").append(view.title()).append('\n'));
        }
        Label hint = new Label(hints.toString().strip());
        hint.getStyleClass().add("nav-hint");
        hint.setPadding(new Insets(0, 8, 0, 8));
        nav.getChildren().addAll(gap, hint);
        return nav;
    }

    /** Installs each view's shortcut in the scene. */
    void installShortcuts(Scene scene) {
        for (StudioView view : views) {
            view.shortcut().ifPresent(k -> scene.getAccelerators().put(k, () -> show(view)));
        }
    }

    void show(StudioView view) {
        current = view;
        content.getChildren().setAll(view.root());
        navigation.getToggles().forEach(t -> t.setSelected(t.getUserData() == view));
        view.shown();
    }

    /** Shows the first view with this title. */
    void show(String title) {
        views.stream().filter(v -> v.title().equals(title)).findFirst().ifPresent(this::show);
    }

    StudioView current() {
        return current;
    }

    void forEachView(Consumer<StudioView> action) {
        views.forEach(action);
    }

    BorderPane root() {
        return root;
    }
}
