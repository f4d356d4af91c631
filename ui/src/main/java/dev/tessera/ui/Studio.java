package dev.tessera.ui;

import dev.tessera.app.AppLocation;
import dev.tessera.app.compress.BundledTrainingImages;
import dev.tessera.app.export.FolderOpener;
import dev.tessera.app.generate.ModelHash;
import dev.tessera.app.train.GitCommit;
import dev.tessera.compression.ModelCompressor;
import dev.tessera.ui.compress.CompressionWizardView;
import dev.tessera.ui.compress.CompressionWizardViewModel;
import dev.tessera.ui.ensemble.EnsembleBuilderView;
import dev.tessera.ui.ensemble.EnsembleBuilderViewModel;
import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.history.History;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.settings.SettingsStore;
import dev.tessera.app.settings.StudioSettings;
import dev.tessera.app.settings.Theme;
import dev.tessera.app.settings.WindowBounds;
import dev.tessera.generation.engine.TesseraHome;
import dev.tessera.ui.export.ExportViewModel;
import dev.tessera.ui.generate.GenerateView;
import dev.tessera.ui.generate.GenerateViewModel;
import dev.tessera.ui.history.HistoryView;
import dev.tessera.ui.history.HistoryViewModel;
import dev.tessera.ui.models.ModelsView;
import dev.tessera.ui.models.ModelsViewModel;
import dev.tessera.ui.queue.QueuePage;
import java.io.File;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.stage.FileChooser;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The studio put together: services, view models, views, the shell, settings and shortcuts. One
 * instance per window; {@link #close()} saves the settings and frees the model and the threads.
 * Every render (Generate, History's replay, the queue's jobs) runs on the one {@link RenderLane}.
 */
public final class Studio implements AutoCloseable {

    private final SettingsStore store;
    private final BackgroundWork work = new BackgroundWork();
    private final RenderLane lane;
    private final ModelCatalogue catalogue;
    private final StatusBar status;
    private final GenerateViewModel generate;
    private final HistoryViewModel history;
    private final ExportViewModel export;
    private final GenerateView generateView;
    private final StudioShell shell;
    private final QueuePage queuePage;
    private final TesseraHome home;
    // Built on first use (their page's first visit, or a saved model to list): the first window needs none.
    private ModelsViewModel models;
    private CompressionWizardViewModel compress;
    private EnsembleBuilderViewModel ensembles;
    private final Optional<String> settingsWarning;
    /** Set once the models are listed and the chosen one is loaded (or failed to): see {@link #show}. */
    private volatile boolean started;
    private final List<Runnable> whenStarted = new ArrayList<>();
    private final PngDropHandler drops;
    private final Scene scene;
    private StudioSettings settings;
    private Theme theme;
    private Stage stage;
    private final RadioMenuItem lightTheme = new RadioMenuItem("_Light theme");
    private final RadioMenuItem darkTheme = new RadioMenuItem("_Dark theme");
    private boolean closed;

    public Studio(TesseraHome home, ModelCatalogue catalogue) {
        this(home, catalogue, dev.tessera.ui.generate.GenerateForm.randomSeeds(), new RenderLane());
    }

    Studio(TesseraHome home, ModelCatalogue catalogue, LongSupplier randomSeeds) {
        this(home, catalogue, randomSeeds, new RenderLane());
    }

    /** The studio owns {@code lane} from here on and closes it with the window. */
    Studio(TesseraHome home, ModelCatalogue catalogue, LongSupplier randomSeeds, RenderLane lane) {
        this(home, catalogue, randomSeeds, lane, null);
    }

    /**
     * As {@link #Studio(TesseraHome, ModelCatalogue)}, with the settings already read from
     * {@code home} ({@link SettingsStore#load()}; read here when null).
     */
    public Studio(TesseraHome home, ModelCatalogue catalogue, SettingsStore.Loaded settingsRead) {
        this(home, catalogue, dev.tessera.ui.generate.GenerateForm.randomSeeds(), new RenderLane(), settingsRead);
    }

    private Studio(TesseraHome home, ModelCatalogue catalogue, LongSupplier randomSeeds, RenderLane lane,
            SettingsStore.Loaded settingsRead) {
        this.lane = lane;
        this.home = home;
        this.store = new SettingsStore(home.settings());
        this.catalogue = catalogue;
        SettingsStore.Loaded loaded = settingsRead != null ? settingsRead : store.load();
        settings = loaded.settings();
        theme = settings.theme();
        status = new StatusBar("Data: " + home.root());
        History outputs = new History(home.history());
        generate = new GenerateViewModel(lane, outputs, randomSeeds);
        generate.setFiles(work.files());
        // The models are listed (and the chosen one loaded) after the first frame: see show().
        generate.form().startListingModels();
        generate.form().load(settings.generate(), settings.promptHistory());
        history = new HistoryViewModel(outputs, catalogue, lane, work.files(), ZoneId.systemDefault());
        // One export form for Generate and History: the scale chosen on one page holds on the other.
        export = new ExportViewModel(work.files(), Platform::runLater, FolderOpener.system());
        generateView = new GenerateView(generate, export);
        // Queue outputs go under the history folder so the History page lists them too.
        // The queue opens, and resumes its jobs, after the first frame (or on the page's first visit).
        queuePage = QueuePage.forStudioOpenedLater(home.queue(), lane, catalogue, home.history().resolve("queue"),
                work.files());
        generate.setQueue((request, clip, modelFile) -> queuePage.model()
                .map(queue -> queue.add(request, clip, home.history().resolve("queue"), modelFile)
                        .map(job -> Optional.<String>empty())
                        .orElse(Optional.of("The queue refused the job: " + queue.messageProperty().get())))
                .orElse(Optional.of("The render queue is not open: see the Queue page.")));
        // Only the Generate page is built for the first window; the others on their first visit.
        List<StudioView> views = List.of(generateView,
                new LazyView("History", new KeyCodeCombination(KeyCode.DIGIT2, KeyCombination.SHORTCUT_DOWN),
                        () -> new HistoryView(history, export)),
                StudioView.of(queuePage.title(), queuePage.root(),
                        new KeyCodeCombination(KeyCode.DIGIT3, KeyCombination.SHORTCUT_DOWN), queuePage::shown),
                new LazyView("Models", new KeyCodeCombination(KeyCode.DIGIT4, KeyCombination.SHORTCUT_DOWN), () -> {
                    ModelsView view = new ModelsView(models());
                    return StudioView.of(view.title(), view.root(),
                            new KeyCodeCombination(KeyCode.DIGIT4, KeyCombination.SHORTCUT_DOWN));
                }),
                new LazyView("Compress", new KeyCodeCombination(KeyCode.DIGIT5, KeyCombination.SHORTCUT_DOWN),
                        () -> new CompressionWizardView(compress())),
                new LazyView("Ensembles", new KeyCodeCombination(KeyCode.DIGIT6, KeyCombination.SHORTCUT_DOWN),
                        () -> new EnsembleBuilderView(ensembles())));
        shell = new StudioShell(views, menu(), status);
        drops = new PngDropHandler(generate, () -> shell.show(generateView), status);
        history.setOnUseSettings(recipe -> {
            generate.form().apply(recipe);
            shell.show(generateView);
        });
        history.setOnUseClipSettings(clip -> {
            generate.form().apply(clip);
            shell.show(generateView);
        });
        generate.setOnSaved(files -> {
            history.refresh();
            saveSettingsInBackground(); // the prompt history and advanced seed survive a crash
        });
        generate.statusProperty().addListener((obs, old, now) -> status.show(StatusBar.Level.INFO, now));
        export.messageProperty().addListener((obs, old, now) -> {
            if (!now.isEmpty()) {
                status.show(now.startsWith("Export failed") ? StatusBar.Level.ERROR : StatusBar.Level.INFO, now);
            }
        });
        scene = new Scene(shell.root(), 1280, 800);
        scene.getStylesheets().add(StudioStyles.dataUrl());
        installKeys();
        drops.install(scene, this::whenStarted);
        Themes.apply(theme);
        settingsWarning = loaded.warning();
        settingsWarning.ifPresentOrElse(w -> {
            status.show(StatusBar.Level.WARNING, w);
            System.err.println("tessera: " + w);
        }, () -> status.show(StatusBar.Level.INFO, "Listing the models…"));
    }

    /** The Models page's view model, made on first use; it tells the other pages when models are added or removed. */
    ModelsViewModel models() {
        if (models == null) {
            models = new ModelsViewModel(catalogue, work.files(), Platform::runLater);
            models.setOnChanged(installed -> {
                generate.form().setModels(installed);
                if (compress != null) {
                    compress.setModels(installed);
                }
                if (ensembles != null) {
                    ensembles.setModels(installed);
                }
            });
        }
        return models;
    }

    /** The compression wizard's view model, made on the page's first visit. */
    CompressionWizardViewModel compress() {
        if (compress == null) {
            compress = new CompressionWizardViewModel(new CompressionWizardViewModel.Services(catalogue,
                    BundledTrainingImages::of, file -> new ModelCompressor.Source(file, ModelHash.of(file),
                            GitCommit.of(AppLocation.root()))), work.compression(), Platform::runLater);
            compress.setOnSaved(m -> models().installed(m));
        }
        return compress;
    }

    /** The ensemble builder's view model, made on the page's first visit. */
    EnsembleBuilderViewModel ensembles() {
        if (ensembles == null) {
            ensembles = new EnsembleBuilderViewModel(new EnsembleBuilderViewModel.Services(catalogue, lane,
                    home.root().resolve("work").resolve("ensembles"), () -> GitCommit.of(AppLocation.root())),
                    work.ensembles(), Platform::runLater);
            ensembles.setOnSaved(m -> models().installed(m, "the ensemble builder"));
        }
        return ensembles;
    }

    /**
     * After the first frame: the prompt's trained names, the model list (on the file thread) and then
     * the chosen model (on the render lane) load while the window is already usable; the Generate
     * button waits for the model, saying so. Nothing here changes what a render makes.
     */
    private void afterFirstFrame() {
        if (closed) {
            return;
        }
        queuePage.open();
        generateView.loadInBackground(work.files());
        work.files().execute(() -> {
            List<InstalledModel> installed;
            String problem = null;
            try {
                installed = catalogue.list();
            } catch (RuntimeException e) {
                installed = List.of();
                problem = "Could not list the models in " + catalogue.folders() + ": " + e.getMessage();
            }
            List<InstalledModel> listed = installed;
            String failure = problem;
            Platform.runLater(() -> modelsListed(listed, failure));
        });
    }

    private void modelsListed(List<InstalledModel> installed, String problem) {
        if (closed) {
            return;
        }
        generate.form().setModels(installed);
        if (problem != null) {
            status.show(StatusBar.Level.ERROR, problem);
        } else if (settingsWarning.isEmpty()) {
            status.show(StatusBar.Level.INFO, generate.form().models().isEmpty()
                    ? "No ACDiT model installed yet: see the Models page." : "Ready");
        }
        generate.preloadModel(this::markStarted);
    }

    private void markStarted() {
        started = true;
        List<Runnable> waiting = List.copyOf(whenStarted);
        whenStarted.clear();
        waiting.forEach(Runnable::run);
    }

    /** Whether the models are listed and the chosen one is loaded (or failed to load). */
    boolean started() {
        return started;
    }

    /** Runs {@code action} on the FX thread once {@link #started()}: now if it is. */
    public void whenStarted(Runnable action) {
        if (started) {
            action.run();
        } else {
            whenStarted.add(action);
        }
    }

    private void installKeys() {
        shell.installShortcuts(scene);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN), () -> {
            shell.show(generateView);
            generate.generate();
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN), generate::addToQueue);
        // Esc cancels a running render or replay wherever the focus is; otherwise it keeps its usual meaning.
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && (generate.runningProperty().get() || history.busyProperty().get())) {
                generate.cancel();
                history.cancelReplay();
                e.consume();
            }
        });
    }

    private MenuBar menu() {
        MenuItem open = new MenuItem("_Restore settings from image…");
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Restore settings from a PNG");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
            File file = chooser.showOpenDialog(stage);
            if (file != null) {
                drops.restore(List.of(file));
            }
        });
        MenuItem quit = new MenuItem("_Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> {
            if (stage != null) {
                stage.close();
            }
            close();
        });
        Menu file = new Menu("_File", null, open, quit);

        ToggleGroup themes = new ToggleGroup();
        RadioMenuItem light = lightTheme;
        RadioMenuItem dark = darkTheme;
        light.setId("theme-light");
        dark.setId("theme-dark");
        light.setToggleGroup(themes);
        dark.setToggleGroup(themes);
        (theme == Theme.DARK ? dark : light).setSelected(true);
        MenuItem toggle = new MenuItem("_Switch theme");
        toggle.setAccelerator(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        toggle.setOnAction(e -> setTheme(theme == Theme.DARK ? Theme.LIGHT : Theme.DARK));
        light.setOnAction(e -> setTheme(Theme.LIGHT));
        dark.setOnAction(e -> setTheme(Theme.DARK));
        Menu view = new Menu("_View", null, light, dark, new javafx.scene.control.SeparatorMenuItem(), toggle);
        MenuBar bar = new MenuBar(file, view);
        bar.setId("menu");
        return bar;
    }

    public void setTheme(Theme newTheme) {
        theme = newTheme;
        Themes.apply(newTheme);
        (newTheme == Theme.DARK ? darkTheme : lightTheme).setSelected(true);
        saveSettingsInBackground();
    }

    public Theme theme() {
        return theme;
    }

    /** Puts the studio in {@code stage}, where the settings say the window was. */
    public void show(Stage window) {
        this.stage = window;
        window.setTitle("Tessera");
        window.setScene(scene);
        window.setMinWidth(WindowBounds.MIN_WIDTH);
        window.setMinHeight(WindowBounds.MIN_HEIGHT);
        WindowBounds bounds = settings.window();
        if (bounds != null && onSomeScreen(bounds)) {
            window.setX(bounds.x());
            window.setY(bounds.y());
            window.setWidth(bounds.width());
            window.setHeight(bounds.height());
            window.setMaximized(bounds.maximized());
        } else if (bounds != null) {
            window.setWidth(bounds.width());
            window.setHeight(bounds.height());
            window.centerOnScreen();
        }
        window.setOnHidden(e -> close());
        window.show();
        generateView.shown();
        FirstFrame.then(this::afterFirstFrame);
    }

    private static boolean onSomeScreen(WindowBounds b) {
        return !Screen.getScreensForRectangle(new Rectangle2D(b.x(), b.y(), Math.max(1, b.width()),
                Math.max(1, b.height()))).isEmpty();
    }

    private StudioSettings currentSettings() {
        StudioSettings now = new StudioSettings(settings.window(), theme, generate.form().settings(),
                List.copyOf(generate.form().promptHistory()));
        if (stage != null && stage.getWidth() > 0) {
            WindowBounds old = settings.window();
            now = stage.isMaximized() && old != null
                    ? now.withWindow(new WindowBounds(old.x(), old.y(), old.width(), old.height(), true))
                    : now.withWindow(new WindowBounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(),
                            stage.isMaximized()));
        }
        return now;
    }

    private void saveSettingsInBackground() {
        StudioSettings snapshot = currentSettings();
        settings = snapshot;
        work.files().execute(() -> save(snapshot));
    }

    private void save(StudioSettings snapshot) {
        try {
            store.save(snapshot);
        } catch (IOException | RuntimeException e) {
            System.err.println("tessera: could not save settings to " + store.file() + ": " + e.getMessage());
        }
    }

    /** Saves the settings, cancels running work and frees the model. Safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        StudioSettings snapshot = currentSettings();
        generate.cancel();
        generate.player().stop();
        history.cancelReplay();
        history.player().stop();
        if (compress != null) {
            compress.close(); // cancels a running step; its thread frees the model
        }
        if (ensembles != null) {
            ensembles.close(); // cancels a preview or training between steps; its thread deletes the work files
        }
        queuePage.close(); // cancels the queue's image under way; the runner waits for the lane to finish it
        lane.close();
        work.close();
        save(snapshot);
    }

    public Scene scene() {
        return scene;
    }

    GenerateViewModel generate() {
        return generate;
    }

    ExportViewModel export() {
        return export;
    }

    HistoryViewModel history() {
        return history;
    }

    StudioShell shell() {
        return shell;
    }

    PngDropHandler drops() {
        return drops;
    }

    StatusBar status() {
        return status;
    }

    RenderLane lane() {
        return lane;
    }

    QueuePage queuePage() {
        return queuePage;
    }

    ModelCatalogue catalogue() {
        return catalogue;
    }
}
