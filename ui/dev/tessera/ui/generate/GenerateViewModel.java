package dev.tessera.ui.generate;

import dev.tessera.app.generate.ModelSession;
import dev.tessera.app.generate.Recipe;
import dev.tessera.app.generate.RecipePng;
import dev.tessera.app.history.History;
import dev.tessera.app.history.ImportedSettings;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.settings.GenerateSettings;
import dev.tessera.app.settings.SeedMode;
import dev.tessera.app.settings.StudioSettings;
import dev.tessera.generation.acdit.GenerationRequest;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.image.ChwImages;
import dev.tessera.ui.FxImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;

/**
 * The Generate page without its controls: the form's values and their validation, the running
 * render, the live preview, the step scrubber and the results. All methods run on the FX thread;
 * the render itself runs on the given executor.
 */
public final class GenerateViewModel {

    private final ModelSession session;
    private final History history;
    private final Executor renders;
    private final LongSupplier randomSeeds;

    // The form
    private final StringProperty prompt = new SimpleStringProperty("");
    private final StringProperty style = new SimpleStringProperty(EmojiStyle.GOOGLE.id());
    private final ObjectProperty<InstalledModel> model = new SimpleObjectProperty<>();
    private final StringProperty seed = new SimpleStringProperty("1");
    private final ObjectProperty<SeedMode> seedMode = new SimpleObjectProperty<>(SeedMode.RANDOM);
    private final StringProperty steps = new SimpleStringProperty("25");
    private final StringProperty guidance = new SimpleStringProperty("1.5");
    private final ObjectProperty<SamplerKind> sampler = new SimpleObjectProperty<>(SamplerKind.defaultKind());
    private final StringProperty count = new SimpleStringProperty("4");
    private final ObservableList<InstalledModel> models = FXCollections.observableArrayList();
    private final ObservableList<String> promptHistory = FXCollections.observableArrayList();
    private final ObservableList<String> styles = FXCollections.observableArrayList(
            Arrays.stream(EmojiStyle.values()).map(EmojiStyle::id).toList());

    // Validation: a message per field, "" when the field is fine
    private final StringProperty promptError = new SimpleStringProperty("");
    private final StringProperty seedError = new SimpleStringProperty("");
    private final StringProperty stepsError = new SimpleStringProperty("");
    private final StringProperty guidanceError = new SimpleStringProperty("");
    private final StringProperty countError = new SimpleStringProperty("");
    private final StringProperty modelError = new SimpleStringProperty("");
    private final BooleanBinding valid;

    // The render
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty status = new SimpleStringProperty("Ready");
    private final StringProperty notice = new SimpleStringProperty("");
    private final ObjectProperty<Image> preview = new SimpleObjectProperty<>();
    private final StringProperty previewCaption = new SimpleStringProperty("");
    private final IntegerProperty blocksShown = new SimpleIntegerProperty();
    private final ObservableList<GeneratedImage> results = FXCollections.observableArrayList();
    private final IntegerProperty selected = new SimpleIntegerProperty(-1);
    private final IntegerProperty frame = new SimpleIntegerProperty();
    private final IntegerProperty frameCount = new SimpleIntegerProperty();
    private final IntegerProperty completedRuns = new SimpleIntegerProperty();
    private List<StepFrame> frames = List.of();
    private RenderTask task;
    private Consumer<List<Path>> onSaved = files -> {};

    public GenerateViewModel(ModelSession session, History history, Executor renders, LongSupplier randomSeeds) {
        this.session = session;
        this.history = history;
        this.renders = renders;
        this.randomSeeds = randomSeeds;
        validateOnChange(prompt, promptError, () -> FormValidation.prompt(prompt.get()));
        validateOnChange(seed, seedError, () -> FormValidation.seed(seed.get()));
        validateOnChange(steps, stepsError, () -> FormValidation.steps(steps.get()));
        validateOnChange(guidance, guidanceError, () -> FormValidation.guidance(guidance.get()));
        validateOnChange(count, countError, () -> FormValidation.count(count.get()));
        validateOnChange(model, modelError, () -> model.get() == null
                ? Optional.of(models.isEmpty() ? "No ACDiT model is installed. Train one with ./tessera train --config"
                        + " configs/acdit-default.json or copy a .safetensors file into the models folder."
                        : "Choose a model.")
                : Optional.empty());
        valid = Bindings.createBooleanBinding(() -> Stream.of(promptError, seedError, stepsError, guidanceError,
                countError, modelError).allMatch(e -> e.get().isEmpty()),
                promptError, seedError, stepsError, guidanceError, countError, modelError);
        frame.addListener((obs, old, now) -> showFrame());
        selected.addListener((obs, old, now) -> showFrame());
    }

    /** A random seed source in [0, 2^32), short enough to read and type. */
    public static LongSupplier randomSeeds() {
        return () -> ThreadLocalRandom.current().nextLong(1L << 32);
    }

    private interface Check {
        Optional<String> run();
    }

    private void validateOnChange(ObservableValue<?> value, StringProperty error, Check check) {
        Runnable validate = () -> error.set(check.run().orElse(""));
        value.addListener((obs, old, now) -> validate.run());
        validate.run();
    }

    /** Shows the models the user can generate with: readable ACDiT files only. */
    public void setModels(List<InstalledModel> installed) {
        String wanted = model.get() == null ? "" : model.get().name();
        models.setAll(installed.stream().filter(m -> m.readable() && m.kind().equals("acdit")).toList());
        model.set(findModel(wanted).orElse(models.isEmpty() ? null : models.get(0)));
    }

    private Optional<InstalledModel> findModel(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The request the form describes, or empty when a field is invalid (its message says why). */
    public Optional<GenerationRequest> request() {
        if (!valid.get()) {
            return Optional.empty();
        }
        return Optional.of(new GenerationRequest(prompt.get().strip(), style.get(), Long.parseLong(seed.get().strip()),
                Integer.parseInt(steps.get().strip()), Double.parseDouble(guidance.get().strip()), sampler.get(),
                Integer.parseInt(count.get().strip())));
    }

    /** Starts a render; false (with the reason in {@link #statusProperty()}) when one runs or the form is invalid. */
    public boolean generate() {
        if (running.get()) {
            status.set("A render is already running; press Esc to cancel it first.");
            return false;
        }
        Optional<GenerationRequest> request = request();
        if (request.isEmpty()) {
            status.set("Fix the highlighted fields first.");
            return false;
        }
        rememberPrompt(request.get().prompt());
        RenderTask render = new RenderTask(session, history, model.get().file(), request.get(), this::showLive);
        task = render;
        running.set(true);
        blocksShown.set(0);
        notice.set("");
        progress.unbind();
        progress.bind(render.progressProperty());
        status.unbind();
        status.bind(render.messageProperty());
        render.setOnSucceeded(e -> finished(render, render.getValue()));
        render.setOnCancelled(e -> stopped(render, "Cancelled; nothing was saved."));
        render.setOnFailed(e -> stopped(render, "Render failed: " + describe(render.getException())));
        renders.execute(render);
        return true;
    }

    /** Cancels the running render, if any. */
    public void cancel() {
        if (task != null && running.get()) {
            task.cancel();
        }
    }

    private void showLive(LivePreview live) {
        if (!running.get()) {
            return;
        }
        preview.set(live.image());
        previewCaption.set(live.description());
        if (live.blockFinished()) {
            blocksShown.set(live.blocksDone());
        }
    }

    private void finished(RenderTask render, RenderOutcome outcome) {
        if (render != task) {
            return;
        }
        unbindProgress();
        running.set(false);
        frames = outcome.frames();
        results.setAll(outcome.images());
        frameCount.set(frames.size());
        frame.set(frames.size() - 1);
        selected.set(-1); // force a change so the preview follows
        selected.set(0);
        advanceSeed(outcome.images().get(0).recipe().seed(), outcome.images().size());
        status.set("Made " + outcome.images().size() + (outcome.images().size() == 1 ? " image" : " images")
                + "; saved in the history.");
        completedRuns.set(completedRuns.get() + 1);
        onSaved.accept(outcome.images().stream().map(GeneratedImage::historyFile).toList());
    }

    private void stopped(RenderTask render, String message) {
        if (render != task) {
            return;
        }
        unbindProgress();
        running.set(false);
        progress.set(0);
        status.set(message);
        showFrame(); // back to the last finished render, or empty
    }

    private void unbindProgress() {
        progress.unbind();
        status.unbind();
    }

    private void advanceSeed(long used, int images) {
        switch (seedMode.get()) {
            case LOCKED -> { }
            case RANDOM -> seed.set(Long.toString(randomSeeds.getAsLong()));
            case INCREMENT -> seed.set(Long.toString(used + images));
        }
    }

    private void rememberPrompt(String text) {
        promptHistory.remove(text);
        promptHistory.add(0, text);
        if (promptHistory.size() > StudioSettings.PROMPT_HISTORY_SIZE) {
            promptHistory.remove(StudioSettings.PROMPT_HISTORY_SIZE, promptHistory.size());
        }
    }

    /** Shows the selected image at the scrubber's step. */
    private void showFrame() {
        int image = selected.get();
        if (running.get() || frames.isEmpty() || image < 0 || image >= results.size()) {
            if (!running.get() && results.isEmpty()) {
                preview.set(null);
                previewCaption.set("");
            }
            return;
        }
        int index = Math.max(0, Math.min(frame.get(), frames.size() - 1));
        StepFrame shown = frames.get(index);
        preview.set(shown.isFinal() ? results.get(image).large()
                : FxImages.fitting(shown.images().get(image), RenderTask.PREVIEW_BOX));
        previewCaption.set("Image " + (image + 1) + " of " + results.size() + " · seed "
                + results.get(image).recipe().seed() + " · " + shown.describe());
    }

    /** Writes image {@code index} with its recipe to {@code file} (the user chose it). */
    public void save(int index, Path file) throws IOException {
        GeneratedImage image = results.get(index);
        RecipePng.write(file, ChwImages.toImage(image.chw(), FxImages.sideOf(image.chw())), image.recipe());
        status.set("Saved " + file.getFileName() + " (with its recipe).");
    }

    /** Fills the form from a recipe (from the history); a model that is not installed is reported. */
    public void apply(Recipe recipe) {
        apply(new ImportedSettings("history", recipe.prompt(), recipe.style(), recipe.seed(), recipe.steps(),
                recipe.guidance(), recipe.sampler(), recipe.model(), List.of()), "the history");
    }

    /**
     * Fills the form with the settings that could be recovered and says, in {@link #noticeProperty()},
     * what was restored and what was not.
     */
    public String apply(ImportedSettings imported, String from) {
        List<String> notRestored = new ArrayList<>(imported.notRestored());
        List<String> restored = new ArrayList<>();
        if (imported.prompt() != null) {
            prompt.set(imported.prompt());
            restored.add("prompt");
        }
        if (imported.style() != null) {
            if (styles.contains(imported.style())) {
                style.set(imported.style());
                restored.add("style");
            } else {
                notRestored.add("style \"" + imported.style() + "\" (unknown)");
            }
        }
        if (imported.seed() != null) {
            seed.set(Long.toString(imported.seed()));
            seedMode.set(SeedMode.LOCKED); // the point of restoring a seed is to keep it
            restored.add("seed");
        }
        if (imported.steps() != null) {
            steps.set(Integer.toString(imported.steps()));
            restored.add("steps");
        }
        if (imported.guidance() != null) {
            guidance.set(formatNumber(imported.guidance()));
            restored.add("guidance");
        }
        if (imported.sampler() != null) {
            try {
                sampler.set(SamplerKind.fromId(imported.sampler()));
                restored.add("sampler");
            } catch (IllegalArgumentException e) {
                notRestored.add("sampler \"" + imported.sampler() + "\" (not available)");
            }
        }
        if (imported.model() != null) {
            Optional<InstalledModel> found = findModel(imported.model());
            if (found.isPresent()) {
                model.set(found.get());
                restored.add("model");
            } else {
                notRestored.add("model \"" + imported.model() + "\" (not installed)");
            }
        }
        String message = "Restored " + (restored.isEmpty() ? "nothing" : String.join(", ", restored)) + " from "
                + from + (notRestored.isEmpty() ? "." : ". Could not restore: " + String.join("; ", notRestored) + ".");
        notice.set(message);
        return message;
    }

    /** Shows a problem with something the user handed over (a dropped file) next to the form. */
    public void showNotice(String message) {
        notice.set(message);
    }

    public void load(GenerateSettings settings, List<String> prompts) {
        prompt.set(settings.prompt());
        style.set(styles.contains(settings.style()) ? settings.style() : EmojiStyle.GOOGLE.id());
        findModel(settings.model()).ifPresent(model::set);
        seed.set(Long.toString(settings.seed()));
        seedMode.set(settings.seedMode());
        steps.set(Integer.toString(settings.steps()));
        guidance.set(formatNumber(settings.guidance()));
        try {
            sampler.set(SamplerKind.fromId(settings.sampler()));
        } catch (IllegalArgumentException e) {
            sampler.set(SamplerKind.defaultKind());
        }
        count.set(Integer.toString(settings.count()));
        promptHistory.setAll(prompts);
    }

    /** The form as settings to remember; fields that do not parse are remembered as their defaults. */
    public GenerateSettings settings() {
        GenerateSettings d = GenerateSettings.defaults();
        return new GenerateSettings(prompt.get(), style.get(), model.get() == null ? "" : model.get().name(),
                parseOr(seed.get(), d.seed()), seedMode.get(), (int) parseOr(steps.get(), d.steps()),
                parseDoubleOr(guidance.get(), d.guidance()), sampler.get().id(), (int) parseOr(count.get(), d.count()));
    }

    private static long parseOr(String text, long fallback) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static double parseDoubleOr(String text, double fallback) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static String formatNumber(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String describe(Throwable e) {
        return e == null ? "unknown error" : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Called with the history files after each successful render. */
    public void setOnSaved(Consumer<List<Path>> onSaved) {
        this.onSaved = onSaved;
    }

    public StringProperty promptProperty() { return prompt; }
    public StringProperty styleProperty() { return style; }
    public ObjectProperty<InstalledModel> modelProperty() { return model; }
    public StringProperty seedProperty() { return seed; }
    public ObjectProperty<SeedMode> seedModeProperty() { return seedMode; }
    public StringProperty stepsProperty() { return steps; }
    public StringProperty guidanceProperty() { return guidance; }
    public ObjectProperty<SamplerKind> samplerProperty() { return sampler; }
    public StringProperty countProperty() { return count; }
    public ObservableList<InstalledModel> models() { return models; }
    public ObservableList<String> styles() { return styles; }
    public ObservableList<String> promptHistory() { return promptHistory; }
    public StringProperty promptErrorProperty() { return promptError; }
    public StringProperty seedErrorProperty() { return seedError; }
    public StringProperty stepsErrorProperty() { return stepsError; }
    public StringProperty guidanceErrorProperty() { return guidanceError; }
    public StringProperty countErrorProperty() { return countError; }
    public StringProperty modelErrorProperty() { return modelError; }
    public BooleanBinding validProperty() { return valid; }
    public BooleanProperty runningProperty() { return running; }
    public DoubleProperty progressProperty() { return progress; }
    public StringProperty statusProperty() { return status; }
    public StringProperty noticeProperty() { return notice; }
    public ObjectProperty<Image> previewProperty() { return preview; }
    public StringProperty previewCaptionProperty() { return previewCaption; }
    public IntegerProperty blocksShownProperty() { return blocksShown; }
    public ObservableList<GeneratedImage> results() { return results; }
    public IntegerProperty selectedProperty() { return selected; }
    public IntegerProperty frameProperty() { return frame; }
    public IntegerProperty frameCountProperty() { return frameCount; }
    public IntegerProperty completedRunsProperty() { return completedRuns; }
}
