package dev.tessera.ui;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.input.KeyCombination;

/**
 * A page built on its first visit: the shell lists its title and shortcut from the start, and the
 * page itself (its controls and, through {@code build}, its view model) is made the first time the
 * shell shows it, then kept. The studio's first window needs only the page it shows first.
 */
final class LazyView implements StudioView {

    private final String title;
    private final KeyCombination shortcut;
    private final Supplier<? extends StudioView> build;
    private StudioView built;

    LazyView(String title, KeyCombination shortcut, Supplier<? extends StudioView> build) {
        this.title = Objects.requireNonNull(title, "title");
        this.shortcut = shortcut;
        this.build = Objects.requireNonNull(build, "build");
    }

    @Override
    public String title() {
        return title;
    }

    /** The page, built now if this is its first visit. */
    @Override
    public Node root() {
        return view().root();
    }

    @Override
    public Optional<KeyCombination> shortcut() {
        return Optional.ofNullable(shortcut);
    }

    @Override
    public void shown() {
        view().shown();
    }

    /** Whether the page has been built (by a visit or a caller that needed it). */
    boolean isBuilt() {
        return built != null;
    }

    private StudioView view() {
        if (built == null) {
            built = Objects.requireNonNull(build.get(), () -> "the page " + title + " was not built");
            if (!built.title().equals(title)) {
                throw new IllegalStateException("the page listed as " + title + " was built as " + built.title());
            }
        }
        return built;
    }
}
