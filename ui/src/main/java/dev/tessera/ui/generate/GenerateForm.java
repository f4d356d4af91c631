package dev.tessera.ui.generate;

import dev.tessera.app.generate.InitImage;
import dev.tessera.app.generate.Recipe;
import dev.tessera.app.history.ImportedSettings;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.settings.GenerateSettings;
import dev.tessera.app.settings.SeedMode;
import dev.tessera.app.settings.StudioSettings;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.FastVariant;
import dev.tessera.app.generate.Preset;
import dev.tessera.app.generate.Speed;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.generate.RequestText;
import dev.tessera.app.generate.RequestValidation;
import dev.tessera.app.generate.RequestValidation.Field;
import dev.tessera.app.generate.RequestValidation.Problem;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.model.BlockLayout;
import dev.tessera.generation.acdit.sampling.RecommendedSampling;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.diffusion.SamplerKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import dev.tessera.app.video.ClipRecipe;
import dev.tessera.app.video.ClipSettings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The Generate form: its values as typed, a message per invalid field, the request they describe,
 * the seed policy after a run, the prompt history, and filling it from a recipe or a dropped PNG.
 */
public final class GenerateForm {

    private static final List<Field> INIT_FIELDS = List.of(Field.INIT_IMAGE, Field.STRENGTH, Field.KEEP_BLOCKS);
    private final LongSupplier randomSeeds;

    // The form
    private final StringProperty prompt = new SimpleStringProperty("");
    private final StringProperty negativePrompt = new SimpleStringProperty("");
    private final StringProperty style = new SimpleStringProperty(EmojiStyle.GOOGLE.id());
    private final ObjectProperty<InstalledModel> model = new SimpleObjectProperty<>();
    private final StringProperty seed = new SimpleStringProperty("1");
    private final ObjectProperty<SeedMode> seedMode = new SimpleObjectProperty<>(SeedMode.RANDOM);
    private final StringProperty steps = new SimpleStringProperty(Integer.toString(GenerationRequest.DEFAULT_STEPS));
    private final StringProperty guidance = new SimpleStringProperty(RequestText.number(GenerationRequest.DEFAULT_GUIDANCE));
    private final StringProperty styleStrength = new SimpleStringProperty(
            RequestText.number(GenerationRequest.DEFAULT_STYLE_STRENGTH));
    private final ObjectProperty<SamplerKind> sampler = new SimpleObjectProperty<>(SamplerKind.defaultKind());
    // A speed preset (null: custom, the steps field for every block); choosing one sets the steps field to its
    // first block's steps, and editing the steps by hand goes back to custom.
    private final ObjectProperty<Preset> preset = new SimpleObjectProperty<>();
    // Whether the chosen model says how it is sampled (a few-step student): speed presets do not apply to it.
    private final BooleanProperty modelSamplesItself = new SimpleBooleanProperty();
    private boolean applyingPreset;
    // Set while Fast chooses the model's few-step variant: the preset stays Fast (it is what renders).
    private boolean choosingFastVariant;
    // What a few-step model's own sampling replaced (steps, guidance, style strength, sampler), put back when a model
    // that does not sample itself is chosen again; null while none was replaced.
    private SamplingFields replaced;
    private record SamplingFields(String steps, String guidance, String styleStrength, SamplerKind sampler) {}
    // Set while saved settings or a recipe fill the form: their own steps and guidance win over a model's.
    private boolean restoring;
    private final StringProperty count = new SimpleStringProperty("4");
    // Image to image: the source picture's path ("" for none), the strength slider and the kept blocks
    private final StringProperty initImage = new SimpleStringProperty("");
    private final DoubleProperty strength = new SimpleDoubleProperty(InitImage.DEFAULT_STRENGTH);
    private final ObservableList<Integer> keptBlocks = FXCollections.observableArrayList();
    /** The chosen image model's block grid (blocks in generation order, row by row); null while unknown. */
    private final ObjectProperty<BlockLayout> layout = new SimpleObjectProperty<>();
    // Video: set when the chosen model makes clips; the clip's frames and fps as typed, and their messages
    private final BooleanProperty video = new SimpleBooleanProperty();
    private AcditConfig videoConfig;
    private final StringProperty frames = new SimpleStringProperty("");
    private final StringProperty fps = new SimpleStringProperty(RequestText.number(ClipSettings.DEFAULT_FPS));
    private final StringProperty framesError = new SimpleStringProperty("");
    private final StringProperty fpsError = new SimpleStringProperty("");
    // Whether a clip whose prompt names a motion opens with the image model's still (ClipSettings#still): on, as in the CLI
    private final BooleanProperty stillOpening = new SimpleBooleanProperty(true);
    private final ObservableList<InstalledModel> models = FXCollections.observableArrayList();
    // Set from startListingModels() until setModels(): the list is read off the FX thread after the first frame.
    private final BooleanProperty listingModels = new SimpleBooleanProperty();
    // The saved settings' model while the list is being read: chosen when the list arrives.
    private String savedModel;
    private final ObservableList<String> promptHistory = FXCollections.observableArrayList();
    private final ObservableList<String> styles = FXCollections.observableArrayList(
            Arrays.stream(EmojiStyle.values()).map(EmojiStyle::id).toList());

    // Validation (RequestValidation's rules): a message per field, "" when the field is fine
    private final Map<Field, StringProperty> errors = new EnumMap<>(Field.class);
    private final BooleanProperty promptTouched = new SimpleBooleanProperty();
    private final StringProperty shownPromptError = new SimpleStringProperty("");
    private final StringProperty modelError = new SimpleStringProperty("");
    private final BooleanBinding valid;

    private final StringProperty notice = new SimpleStringProperty("");
    private final StringProperty initError = new SimpleStringProperty("");

    public GenerateForm(LongSupplier randomSeeds) {
        this.randomSeeds = randomSeeds;
        for (Field field : Field.values()) {
            errors.put(field, new SimpleStringProperty(""));
        }
        for (ObservableValue<?> input : List.of(prompt, style, seed, steps, guidance, styleStrength, sampler, count,
                negativePrompt, initImage, strength)) {
            input.addListener((obs, old, now) -> validateRequest());
        }
        keptBlocks.addListener((ListChangeListener<Integer>) c -> validateRequest());
        preset.addListener((obs, old, now) -> {
            Optional<InstalledModel> variant = now == Preset.FAST ? fastVariant() : Optional.empty();
            if (variant.isPresent()) {
                // Fast on a model with a few-step variant is that variant, at its own sampling (the notice says so).
                choosingFastVariant = true;
                try {
                    model.set(variant.get());
                } finally {
                    choosingFastVariant = false;
                }
            } else if (now != null) {
                applyingPreset = true;
                steps.set(Integer.toString(now.schedule().stepsFor(0)));
                applyingPreset = false;
            }
        });
        steps.addListener((obs, old, now) -> {
            if (!applyingPreset) {
                preset.set(null);
            }
        });
        // A picture's blocks are kept per picture: a new one (or none) starts with none kept.
        initImage.addListener((obs, old, now) -> keptBlocks.clear());
        model.addListener((obs, old, now) -> layout.set(layoutOf(now)));
        model.addListener((obs, old, now) -> chooseMode(now));
        frames.addListener((obs, old, now) -> validateClip());
        fps.addListener((obs, old, now) -> validateClip());
        model.addListener((obs, old, now) -> {
            Optional<RecommendedSampling> own = now == null ? Optional.empty() : recommendedSampling(now);
            modelSamplesItself.set(own.isPresent());
            if (!restoring) {
                own.ifPresentOrElse(r -> useRecommendedSampling(now, r), this::putBackReplacedSampling);
            }
        });
        validateRequest();
        // A blank prompt on a fresh page is not a mistake yet: its message waits for an edit or a try.
        prompt.addListener((obs, old, now) -> promptTouched.set(true));
        shownPromptError.bind(Bindings.when(promptTouched).then(errorProperty(Field.PROMPT)).otherwise(""));
        model.addListener((obs, old, now) -> modelError.set(modelProblem().orElse("")));
        models.addListener((ListChangeListener<InstalledModel>) c -> modelError.set(modelProblem().orElse("")));
        listingModels.addListener((obs, old, now) -> modelError.set(modelProblem().orElse("")));
        modelError.set(modelProblem().orElse(""));
        List<StringProperty> messages = new ArrayList<>(errors.values());
        messages.add(modelError);
        messages.add(framesError);
        messages.add(fpsError);
        List<Observable> inputs = new ArrayList<>(messages);
        inputs.add(listingModels);
        // While the models are being listed there is no model yet, and nothing wrong with the field either.
        valid = Bindings.createBooleanBinding(() -> !listingModels.get()
                && messages.stream().allMatch(e -> e.get().isEmpty()), inputs.toArray(Observable[]::new));
    }

    /** A random seed source in [0, 2^32), short enough to read and type. */
    public static LongSupplier randomSeeds() {
        return () -> ThreadLocalRandom.current().nextLong(1L << 32);
    }

    private Optional<String> modelProblem() {
        if (model.get() != null) {
            return Optional.empty();
        }
        if (listingModels.get()) {
            return Optional.empty(); // not a problem yet: the page says the list is being read
        }
        return Optional.of(models.isEmpty() ? "No ACDiT model is installed. Train one with ./tessera train --config"
                + " configs/acdit-default.json or copy a .safetensors file into the models folder." : "Choose a model.");
    }

    /** The form as text, in the shape every front end hands to {@link RequestValidation}. */
    private RequestText text() {
        // A clip starts from noise: a picture chosen for image to image waits for an image model.
        String init = video.get() ? "" : initImage.get();
        boolean fromImage = !init.isBlank();
        return new RequestText(prompt.get(), style.get(), seed.get(), steps.get(), guidance.get(), styleStrength.get(),
                sampler.get() == null ? "" : sampler.get().id(), count.get(), negativePrompt.get())
                .withInit(init, fromImage ? RequestText.number(strength.get()) : "",
                        String.join(",", keptBlocks.stream().sorted().map(String::valueOf).toList()));
    }

    /** Keeps block {@code index} of the init picture, or generates it again when it was kept. */
    public void toggleKeptBlock(int index) {
        if (!keptBlocks.remove(Integer.valueOf(index))) {
            keptBlocks.add(index);
        }
    }

    /** Back to text to image: no picture, no kept blocks. */
    public void clearInitImage() {
        initImage.set("");
    }

    private static BlockLayout layoutOf(InstalledModel installed) {
        if (installed == null) {
            return null;
        }
        try {
            AcditConfig config = AcditModel.checkHeader(installed.file());
            return config.isVideo() ? null : config.layout();
        } catch (ModelFileException | RuntimeException e) {
            return null; // the model's own problem is reported when it loads
        }
    }

    /**
     * Video mode when {@code chosen} makes clips: the frames field starts at the model's training length
     * (unless saved settings or a recipe are being restored); image mode otherwise.
     */
    private void chooseMode(InstalledModel chosen) {
        AcditConfig config = null;
        if (chosen != null) {
            try {
                AcditConfig read = AcditModel.checkHeader(chosen.file());
                config = read.isVideo() ? read : null;
            } catch (ModelFileException | RuntimeException e) {
                config = null; // the model's own problem is reported when it loads
            }
        }
        videoConfig = config;
        if (config != null && (frames.get().isBlank() || !restoring && !video.get())) {
            frames.set(Integer.toString(config.frames()));
        }
        video.set(config != null);
        validateRequest();
        validateClip();
    }

    /** The frames' and fps' messages in video mode (none in image mode), with the model's rules for frames. */
    private void validateClip() {
        framesError.set("");
        fpsError.set("");
        if (!video.get()) {
            return;
        }
        int count;
        try {
            count = Integer.parseInt(frames.get().strip());
        } catch (NumberFormatException e) {
            framesError.set("Frames must be a whole number, e.g. " + videoConfig.frames() + ".");
            count = -1;
        }
        double rate;
        try {
            rate = Double.parseDouble(fps.get().strip());
        } catch (NumberFormatException e) {
            fpsError.set("Fps must be a number, e.g. 8.");
            rate = Double.NaN;
        }
        if (count >= 0) {
            try {
                new ClipSettings(count, 0, ClipSettings.DEFAULT_FPS).span(videoConfig);
            } catch (IllegalArgumentException e) {
                framesError.set(sentence(e.getMessage()));
            }
        }
        if (!Double.isNaN(rate)) {
            try {
                new ClipSettings(1, 0, rate);
            } catch (IllegalArgumentException e) {
                fpsError.set(sentence(e.getMessage()));
            }
        }
    }

    private static String sentence(String message) {
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".";
    }

    /** The clip settings in video mode (window: the model's training length), empty in image mode or when invalid. */
    public Optional<ClipSettings> clipSettings() {
        if (!video.get() || !framesError.get().isEmpty() || !fpsError.get().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ClipSettings(Integer.parseInt(frames.get().strip()), 0,
                Double.parseDouble(fps.get().strip()), stillOpening.get()));
    }

    private void validateRequest() {
        List<Problem> problems = text().check().problems();
        errors.forEach((field, error) -> error.set(problems.stream().filter(p -> p.field() == field)
                .map(Problem::message).findFirst().orElse("")));
        initError.set(problems.stream().filter(p -> INIT_FIELDS.contains(p.field())).map(Problem::message).findFirst()
                .orElse(""));
    }

    /** Shows the models the user can generate with: readable ACDiT, U-Net and ensemble files. */
    public void setModels(List<InstalledModel> installed) {
        String wanted = model.get() == null ? "" : model.get().name();
        boolean firstList = listingModels.get();
        if (firstList && savedModel != null) {
            wanted = savedModel; // as if the saved settings had been loaded with the list there
        }
        // The first list after start-up chooses the saved model as loading the settings would have:
        // the fields keep the saved (or already edited) values rather than the model's own sampling.
        restoring = firstList;
        try {
            models.setAll(installed.stream().filter(m -> m.readable() && GenerationService.renders(m.kind())).toList());
            model.set(findModel(wanted).orElse(InstalledModel.preferred(models)));
        } finally {
            restoring = false;
        }
        savedModel = null;
        listingModels.set(false);
    }

    /**
     * The models are being listed (off the FX thread): until {@link #setModels} the form says so
     * instead of "no model installed", cannot render, and remembers the saved settings' model.
     */
    public void startListingModels() {
        listingModels.set(true);
    }

    /** True from {@link #startListingModels()} until the list arrives. */
    public ReadOnlyBooleanProperty listingModelsProperty() {
        return listingModels;
    }

    /** The chosen model's few-step variant ({@link FastVariant}), when it is among the installed models. */
    private Optional<InstalledModel> fastVariant() {
        InstalledModel chosen = model.get();
        Optional<java.nio.file.Path> file = chosen == null ? Optional.empty() : FastVariant.of(chosen.file());
        return file.flatMap(f -> models.stream().filter(m -> m.file().toAbsolutePath().normalize()
                .equals(f.toAbsolutePath().normalize())).findFirst());
    }

    private Optional<InstalledModel> findModel(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The request the form describes, or empty when a field is invalid (its message says why). */
    public Optional<GenerationRequest> request() {
        Optional<GenerationRequest> request = valid.get() ? text().check().request() : Optional.empty();
        Preset chosen = preset.get();
        if (chosen != null && modelSamplesItself.get()) {
            return request.map(r -> r.withSpeed(new Speed(null, 0, chosen))); // Fast as the few-step variant's own steps
        }
        return chosen == null ? request : request.map(r -> r.withSpeed(Speed.of(chosen)));
    }

    /** Applies the seed mode after a run that used seeds {@code used ..< used + images}. */
    void advanceSeed(long used, int images) {
        switch (seedMode.get()) {
            case LOCKED -> { }
            case RANDOM -> seed.set(Long.toString(randomSeeds.getAsLong()));
            case INCREMENT -> seed.set(Long.toString(used + images));
        }
    }

    /** Puts {@code text} first in the prompt history. */
    void rememberPrompt(String text) {
        promptHistory.remove(text);
        promptHistory.add(0, text);
        if (promptHistory.size() > StudioSettings.PROMPT_HISTORY_SIZE) {
            promptHistory.remove(StudioSettings.PROMPT_HISTORY_SIZE, promptHistory.size());
        }
    }

    /**
     * A model that says how it is sampled (a few-step student) sets the steps, guidance, style strength and
     * sampler fields to that, and the notice says so: what the fields show is what renders.
     */
    private void useRecommendedSampling(InstalledModel chosen, RecommendedSampling r) {
        if (replaced == null) {
            replaced = new SamplingFields(steps.get(), guidance.get(), styleStrength.get(), sampler.get());
        }
        applyingPreset = choosingFastVariant; // the Fast preset stays chosen: it is what renders
        try {
            if (!choosingFastVariant) {
                preset.set(null);
            }
            steps.set(Integer.toString(r.steps()));
        } finally {
            applyingPreset = false;
        }
        guidance.set(RequestText.number(r.guidance()));
        styleStrength.set(RequestText.number(r.styleStrength()));
        sampler.set(r.sampler());
        notice.set((choosingFastVariant ? "Fast: " : "") + chosen.name() + " is sampled with " + r.describe()
                + " (its guidance is in its weights): the fields are set to that.");
    }

    /**
     * Back on a model that does not sample itself: the guidance, style strength and sampler the few-step model's own
     * sampling replaced come back, and the steps (the preset's, when one is chosen), so the fields never keep a
     * student's guidance 1 for a model that needs its guidance.
     */
    private void putBackReplacedSampling() {
        if (replaced == null) {
            return;
        }
        SamplingFields before = replaced;
        replaced = null;
        guidance.set(before.guidance());
        styleStrength.set(before.styleStrength());
        sampler.set(before.sampler());
        Preset chosen = preset.get();
        applyingPreset = chosen != null;
        try {
            steps.set(chosen != null ? Integer.toString(chosen.schedule().stepsFor(0)) : before.steps());
        } finally {
            applyingPreset = false;
        }
    }

    private Optional<RecommendedSampling> recommendedSampling(InstalledModel chosen) {
        try {
            return RecommendedSampling.of(SafetensorsReader.readMetadata(chosen.file()), chosen.name());
        } catch (ModelFileException e) {
            return Optional.empty(); // the model's own problem is reported when it loads
        } catch (IllegalArgumentException e) {
            notice.set(e.getMessage() + " The fields keep their values.");
            return Optional.empty();
        }
    }

    /** True while the chosen model samples itself (a few-step student): the speed presets are for other models. */
    public ReadOnlyBooleanProperty modelSamplesItselfProperty() {
        return modelSamplesItself;
    }

    /** Fills the form from a recipe (from the history); a model that is not installed is reported. */
    public void apply(Recipe recipe) {
        apply(new ImportedSettings("history", recipe.prompt(), recipe.style(), recipe.seed(), recipe.steps(),
                recipe.guidance(), recipe.styleStrength(), recipe.sampler(), recipe.model(), List.of(),
                recipe.negativePrompt(), recipe.init()), "the history");
    }

    /** Fills the form from a clip's recipe (from the history): its frames' settings, then its frames and fps. */
    public void apply(ClipRecipe clip) {
        apply(clip.frame());
        frames.set(Integer.toString(clip.frames()));
        fps.set(RequestText.number(clip.fps()));
        stillOpening.set(clip.still() != null);
    }

    /**
     * Fills the form with the settings that could be recovered and says, in {@link #noticeProperty()},
     * what was restored and what was not.
     */
    public String apply(ImportedSettings imported, String from) {
        restoring = true;
        try {
            return restore(imported, from);
        } finally {
            restoring = false;
        }
    }

    private String restore(ImportedSettings imported, String from) {
        List<String> notRestored = new ArrayList<>(imported.notRestored());
        List<String> restored = new ArrayList<>();
        if (imported.prompt() != null) {
            prompt.set(imported.prompt());
            restored.add("prompt");
        }
        if (imported.negativePrompt() != null) {
            // An image made without one clears the field: the settings are the image's.
            negativePrompt.set(imported.negativePrompt());
            if (!imported.negativePrompt().isEmpty()) {
                restored.add("negative prompt");
            }
        }
        // The settings are the image's: one made from a picture brings it back, any other clears it.
        initImage.set(imported.init() == null ? "" : imported.init().file());
        if (imported.init() != null) {
            strength.set(imported.init().strength());
            keptBlocks.setAll(imported.init().keptBlocks());
            restored.add("init image");
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
            guidance.set(RequestText.number(imported.guidance()));
            restored.add("guidance");
        }
        if (imported.styleStrength() != null) {
            styleStrength.set(RequestText.number(imported.styleStrength()));
            restored.add("style strength");
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
        restoring = true;
        try {
            restore(settings, prompts);
        } finally {
            restoring = false;
        }
    }

    private void restore(GenerateSettings settings, List<String> prompts) {
        prompt.set(settings.prompt());
        style.set(styles.contains(settings.style()) ? settings.style() : EmojiStyle.GOOGLE.id());
        findModel(settings.model()).ifPresent(model::set);
        if (listingModels.get()) {
            savedModel = settings.model();
        }
        seed.set(Long.toString(settings.seed()));
        seedMode.set(settings.seedMode());
        steps.set(Integer.toString(settings.steps()));
        guidance.set(RequestText.number(settings.guidance()));
        styleStrength.set(RequestText.number(settings.styleStrength()));
        try {
            sampler.set(SamplerKind.fromId(settings.sampler()));
        } catch (IllegalArgumentException e) {
            sampler.set(SamplerKind.defaultKind());
        }
        count.set(Integer.toString(settings.count()));
        negativePrompt.set(settings.negativePrompt());
        if (settings.frames() != null) {
            frames.set(Integer.toString(settings.frames()));
        }
        if (settings.fps() != null) {
            fps.set(RequestText.number(settings.fps()));
        }
        stillOpening.set(!Boolean.FALSE.equals(settings.stillOpening()));
        promptHistory.setAll(prompts);
    }

    /** The form as settings to remember; fields that do not parse are remembered as their defaults. */
    public GenerateSettings settings() {
        GenerateSettings d = GenerateSettings.defaults();
        return new GenerateSettings(prompt.get(), style.get(), model.get() == null ? "" : model.get().name(),
                parseOr(seed.get(), d.seed()), seedMode.get(), (int) parseOr(steps.get(), d.steps()),
                parseDoubleOr(guidance.get(), d.guidance()), parseDoubleOr(styleStrength.get(), d.styleStrength()),
                sampler.get().id(), (int) parseOr(count.get(), d.count()), negativePrompt.get(),
                frames.get().isBlank() ? null : (int) parseOr(frames.get(), 0), clipFps(),
                stillOpening.get() ? null : Boolean.FALSE);
    }

    /** The fps to remember: null for the default (and for text that does not parse). */
    private Double clipFps() {
        double value = parseDoubleOr(fps.get(), ClipSettings.DEFAULT_FPS);
        return value == ClipSettings.DEFAULT_FPS ? null : value;
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

    public StringProperty promptProperty() { return prompt; }
    public StringProperty negativePromptProperty() { return negativePrompt; }
    public StringProperty negativePromptErrorProperty() { return errorProperty(Field.NEGATIVE_PROMPT); }
    public StringProperty styleProperty() { return style; }
    public ObjectProperty<InstalledModel> modelProperty() { return model; }
    public StringProperty seedProperty() { return seed; }
    public ObjectProperty<SeedMode> seedModeProperty() { return seedMode; }
    public StringProperty stepsProperty() { return steps; }
    /** The speed preset; null for custom (the steps field for every block). */
    public ObjectProperty<Preset> presetProperty() { return preset; }
    public StringProperty guidanceProperty() { return guidance; }
    public StringProperty styleStrengthProperty() { return styleStrength; }
    public ObjectProperty<SamplerKind> samplerProperty() { return sampler; }
    public StringProperty countProperty() { return count; }
    public StringProperty initImageProperty() { return initImage; }
    public DoubleProperty strengthProperty() { return strength; }
    public ObservableList<Integer> keptBlocks() { return keptBlocks; }
    public ReadOnlyObjectProperty<BlockLayout> layoutProperty() { return layout; }
    /** The first message about the init picture, its strength or its kept blocks; "" when they are fine. */
    public ObservableStringValue initErrorProperty() { return initError; }
    public ObservableList<InstalledModel> models() { return models; }
    public ObservableList<String> styles() { return styles; }
    public ObservableList<String> promptHistory() { return promptHistory; }
    /** The message for {@code field}, "" when it is fine. */
    public StringProperty errorProperty(Field field) { return errors.get(field); }
    public StringProperty promptErrorProperty() { return errorProperty(Field.PROMPT); }
    /** The prompt's message as the page shows it: empty until the prompt was edited or a render attempted. */
    public javafx.beans.value.ObservableStringValue shownPromptErrorProperty() { return shownPromptError; }
    /** Called when the user tried to render or queue: every message is shown from now on. */
    public void markAttempted() { promptTouched.set(true); }
    public StringProperty seedErrorProperty() { return errorProperty(Field.SEED); }
    public StringProperty stepsErrorProperty() { return errorProperty(Field.STEPS); }
    public StringProperty guidanceErrorProperty() { return errorProperty(Field.GUIDANCE); }
    public StringProperty styleStrengthErrorProperty() { return errorProperty(Field.STYLE_STRENGTH); }
    public StringProperty countErrorProperty() { return errorProperty(Field.COUNT); }
    public StringProperty modelErrorProperty() { return modelError; }
    public BooleanBinding validProperty() { return valid; }
    public StringProperty noticeProperty() { return notice; }
    /** True while the chosen model makes clips: the page is in video mode. */
    public ReadOnlyBooleanProperty videoProperty() { return video; }
    /** Frames of the clip, as typed (video mode). */
    public StringProperty framesProperty() { return frames; }
    /** Frames per second of the clip, as typed (video mode). */
    public StringProperty fpsProperty() { return fps; }
    /** Whether a clip opens with the image model's still of its emoji when the prompt names a motion (video mode). */
    public BooleanProperty stillOpeningProperty() { return stillOpening; }
    public StringProperty framesErrorProperty() { return framesError; }
    public StringProperty fpsErrorProperty() { return fpsError; }
}
