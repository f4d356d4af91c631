package dev.tessera.ui;

import dev.tessera.app.AppLocation;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.generation.engine.TesseraHome;
import dev.tessera.app.settings.SettingsStore;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Application;
import javafx.stage.Stage;

/** The studio window of {@code ./tessera}: Generate, History, Queue and Models. */
public final class StudioApp extends Application {

    /** The studio's settings, read beside JavaFX's start ({@link #readSettingsWhileJavaFxStarts}); null if not. */
    private static volatile CompletableFuture<SettingsStore.Loaded> settings;

    private Studio studio;

    /**
     * Starts reading the settings of {@code home} (a file and the JSON library's first use) on a
     * thread of its own, so it overlaps JavaFX's start, which comes before {@link #start} and runs
     * mostly on one core; {@link #start} takes the result. Call before {@link Application#launch}.
     */
    static void readSettingsWhileJavaFxStarts(TesseraHome home) {
        ExecutorService reader = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "tessera-settings");
            thread.setDaemon(true);
            return thread;
        });
        settings = CompletableFuture.supplyAsync(() -> new SettingsStore(home.settings()).load(), reader);
        reader.shutdown();
    }

    @Override
    public void start(Stage stage) {
        TesseraHome home = TesseraHome.current();
        studio = new Studio(home, ModelCatalogue.forInstallation(AppLocation.root(), home), settingsRead());
        studio.show(stage);
        // Opened with a PNG (TesseraMain.pngToOpen): restore its settings as if it had been dropped, once
        // the models are listed (its model is looked up among them).
        TesseraMain.pngToOpen(getParameters().getRaw().toArray(String[]::new))
                .ifPresent(png -> studio.whenStarted(() -> studio.drops().restore(List.of(png.toFile()))));
    }

    /** The settings read beside JavaFX's start, or null (read by the studio then, with the same outcome). */
    private static SettingsStore.Loaded settingsRead() {
        CompletableFuture<SettingsStore.Loaded> read = settings;
        settings = null;
        if (read == null) {
            return null;
        }
        try {
            return read.join();
        } catch (CompletionException | CancellationException e) {
            return null; // the studio reads them again and reports what went wrong as it always did
        }
    }

    @Override
    public void stop() {
        if (studio != null) {
            studio.close();
        }
    }
}
