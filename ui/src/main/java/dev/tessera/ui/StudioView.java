package dev.tessera.ui;

import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.input.KeyCombination;

/**
 * One page of the studio (Generate, History, Models, …). The shell lists them in the navigation in
 * the order given; adding a page is adding one element to that list.
 */
public interface StudioView {

    /** Name in the navigation; also the id suffix used by tests ({@code nav-<title>}). */
    String title();

    Node root();

    /** A key that jumps to this view from anywhere in the window. */
    default Optional<KeyCombination> shortcut() {
        return Optional.empty();
    }

    /** Called each time the view is brought to the front, e.g. to refresh or focus a field. */
    default void shown() {}

    /** A view made from a ready node, for pages that need nothing else. */
    static StudioView of(String title, Node root, KeyCombination shortcut) {
        return of(title, root, shortcut, () -> {});
    }

    /** A view made from a ready node that runs {@code onShown} each time it is brought to the front. */
    static StudioView of(String title, Node root, KeyCombination shortcut, Runnable onShown) {
        return new StudioView() {
            @Override
            public void shown() {
                onShown.run();
            }

            @Override
            public String title() {
                return title;
            }

            @Override
            public Node root() {
                return root;
            }

            @Override
            public Optional<KeyCombination> shortcut() {
                return Optional.ofNullable(shortcut);
            }
        };
    }
}
