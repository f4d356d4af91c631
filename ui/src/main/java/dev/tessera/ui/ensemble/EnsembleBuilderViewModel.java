package dev.tessera.ui.ensemble;

import dev.tessera.app.ensemble.EnsembleWorkbench;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.RenderLane;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.models.ModelInstaller;
import dev.tessera.app.models.ModelNameTakenException;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.train.ProgressListener;
import dev.tessera.ui.LossPoint;
import dev.tessera.ui.PageWork;
import dev.tessera.ui.PageWork.Tone;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The ensemble builder without its controls (docs/studio.md, "Ensembles"): which installed U-Net experts are chosen
 * (two or more of one architecture, else the reason is on the page), what the ensemble is now (plain feature
 * averaging until an aggregator is trained), a preview rendered on the studio's {@link RenderLane} with the
 * Generate page's service, aggregator training with its progress, loss and time a step, and saving as an installed
 * model. Methods run on the UI thread; the work runs on {@code background} (the builder's own thread) through an
 * {@link EnsembleWorkbench}, and every property changes on the UI thread through {@code uiThread}.
 */
public final class EnsembleBuilderViewModel {

    /** What the builder needs from the studio. */
    public record Services(ModelCatalogue catalogue, RenderLane lane, Path workFolder, Supplier<String> gitCommit) {}

    /** An installed U-Net and whether it is one of the ensemble's experts. */
    public static final class ExpertChoice {
        private final InstalledModel model;
        private final BooleanProperty chosen = new SimpleBooleanProperty(this, "chosen");

        ExpertChoice(InstalledModel model, boolean chosen) {
            this.model = model;
            this.chosen.set(chosen);
        }

        public InstalledModel model() {
            return model;
        }

        public BooleanProperty chosenProperty() {
            return chosen;
        }

        @Override
        public String toString() {
            return model.name() + (model.source() == InstalledModel.Source.USER ? " (yours)" : "");
        }
    }

    /** A style the experts know and whether the aggregator trains on its images. */
    public record StyleChoice(EmojiStyle style, BooleanProperty chosen) {}

    /** A rendered preview image (CHW in [-1, 1]) and what it shows. */
    public record Preview(String caption, float[] image) {}

    /** The prompt previews start with. */
    public static final String DEFAULT_PROMPT = "grinning face";

    private final Services services;
    private final ModelInstaller installer;
    private final Executor background;
    private final PageWork work;
    private EnsembleWorkbench workbench;
    private boolean selecting; // while setModels rebuilds the list, choices do not re-check one by one

    private final ObservableList<ExpertChoice> experts = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(this, "ready");
    private final ReadOnlyStringWrapper selectionProblem = new ReadOnlyStringWrapper(this, "selectionProblem", "");
    private final ReadOnlyStringWrapper architecture = new ReadOnlyStringWrapper(this, "architecture", "");
    private final ObservableList<StyleChoice> styles = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<EnsembleWorkbench.Run> trained = new ReadOnlyObjectWrapper<>(this, "trained");
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper(this, "state", "");

    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", DEFAULT_PROMPT);
    private final StringProperty seed = new SimpleStringProperty(this, "seed", "1");
    private final ObservableList<Preview> previews = FXCollections.observableArrayList();

    private final StringProperty steps = new SimpleStringProperty(this, "steps",
            Long.toString(EnsembleWorkbench.DEFAULT_STEPS));
    private final StringProperty batch = new SimpleStringProperty(this, "batch",
            Integer.toString(EnsembleWorkbench.DEFAULT_BATCH));
    private final ObservableList<LossPoint> losses = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper stepTime = new ReadOnlyStringWrapper(this, "stepTime", "");

    private final StringProperty saveName = new SimpleStringProperty(this, "saveName", "");
    private final ReadOnlyObjectWrapper<InstalledModel> saved = new ReadOnlyObjectWrapper<>(this, "saved");
    private Consumer<InstalledModel> onSaved = m -> {};


    /**
     * @param background where previews, training and saving run: one thread, used by nothing else
     * @param uiThread   where their outcome is applied ({@code Platform::runLater} in the app)
     */
    public EnsembleBuilderViewModel(Services services, Executor background, Executor uiThread) {
        this.services = services;
        this.installer = new ModelInstaller(services.catalogue());
        this.background = background;
        this.work = new PageWork(background, uiThread, ". Nothing was changed.");
        background.execute(() -> EnsembleWorkbench.clearWorkRoot(services.workFolder())); // before any work queued
        setModels(services.catalogue().list());
        selectionChanged();
    }

    // ---- what the view shows ----

    /** The installed U-Nets, each with whether it is chosen. */
    public ObservableList<ExpertChoice> experts() {
        return experts;
    }

    /** Whether the chosen experts make an ensemble (two or more, present, of one architecture). */
    public ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }

    /** Why the chosen experts do not make an ensemble; empty when they do. */
    public ReadOnlyStringProperty selectionProblemProperty() {
        return selectionProblem.getReadOnlyProperty();
    }

    /** The experts' common architecture in words, once they make an ensemble. */
    public ReadOnlyStringProperty architectureProperty() {
        return architecture.getReadOnlyProperty();
    }

    /** The styles the experts know, each with whether training uses its images. */
    public ObservableList<StyleChoice> styles() {
        return styles;
    }

    /** The last training run that kept an aggregator; null while the ensemble is plain feature averaging. */
    public ReadOnlyObjectProperty<EnsembleWorkbench.Run> trainedProperty() {
        return trained.getReadOnlyProperty();
    }

    /** What the ensemble is now, in words. */
    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    /** The last preview: one image per style the experts know. */
    public ObservableList<Preview> previews() {
        return previews;
    }

    public StringProperty stepsProperty() {
        return steps;
    }

    public StringProperty batchProperty() {
        return batch;
    }

    /** The loss of each step of the current (or last) run. */
    public ObservableList<LossPoint> losses() {
        return losses;
    }

    /** How long a step of the running (or last) run took, e.g. "4.2 s a step". */
    public ReadOnlyStringProperty stepTimeProperty() {
        return stepTime.getReadOnlyProperty();
    }

    public StringProperty saveNameProperty() {
        return saveName;
    }

    /** The model the last save installed. */
    public ReadOnlyObjectProperty<InstalledModel> savedProperty() {
        return saved.getReadOnlyProperty();
    }

    /** Told the model each save installs, e.g. to refresh the studio's model lists. */
    public void setOnSaved(Consumer<InstalledModel> listener) {
        this.onSaved = listener;
    }

    /** The page's work: busy, what runs (e.g. "Training: step 3 of 30, loss 0.0241, 4.2 s a step"), Cancel, the message. */
    public PageWork work() {
        return work;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return work.busyProperty();
    }

    public ReadOnlyStringProperty activityProperty() {
        return work.activityProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return work.messageProperty();
    }

    public ReadOnlyObjectProperty<Tone> toneProperty() {
        return work.toneProperty();
    }

    // ---- actions ----

    /**
     * The U-Nets offered as experts: every readable model of kind unet. Choices of files still listed are kept, and
     * the ensemble is reset only when the chosen files change.
     */
    public void setModels(List<InstalledModel> installed) {
        Set<Path> wanted = chosenFiles().stream().collect(Collectors.toSet());
        List<ExpertChoice> offered = new ArrayList<>();
        for (InstalledModel m : installed) {
            if (m.readable() && UnetModel.KIND.equals(m.kind())) {
                ExpertChoice choice = new ExpertChoice(m, wanted.contains(m.file()));
                choice.chosenProperty().addListener((obs, old, now) -> {
                    if (!selecting) {
                        selectionChanged();
                    }
                });
                offered.add(choice);
            }
        }
        selecting = true;
        experts.setAll(offered);
        selecting = false;
        if (!chosenFiles().stream().collect(Collectors.toSet()).equals(wanted)) {
            selectionChanged();
        }
    }

    /** Chooses exactly the experts of these names (for keyboard users and tests); unknown names are ignored. */
    public void choose(String... names) {
        Set<String> wanted = Set.of(names);
        selecting = true;
        experts.forEach(e -> e.chosenProperty().set(wanted.contains(e.model().name())));
        selecting = false;
        selectionChanged();
    }

    /** Renders the prompt in every style the experts know with the ensemble as it is now, on the render lane. */
    public void preview() {
        EnsembleWorkbench bench = workbench;
        if (bench == null) {
            say(problemOr("Choose two or more experts first."), Tone.ERROR);
            return;
        }
        String text = prompt.get() == null ? "" : prompt.get().strip();
        if (text.isEmpty() || text.length() > 500) {
            say("The preview prompt must be 1 to 500 characters, e.g. “" + DEFAULT_PROMPT + "”.", Tone.ERROR);
            return;
        }
        long seedValue;
        try {
            seedValue = Long.parseLong(seed.get().strip());
        } catch (NumberFormatException e) {
            say("The preview seed must be a whole number, not “" + seed.get() + "”.", Tone.ERROR);
            return;
        }
        if (seedValue < 0) {
            say("The preview seed must be 0 or more, not " + seedValue + ".", Tone.ERROR);
            return;
        }
        EnsembleWorkbench.Run run = trained.get();
        String what = run == null ? "plain feature averaging" : "after " + run.stepsDone() + " training steps";
        RenderLane lane = services.lane();
        start("Rendering a preview", token -> {
            Path file = run == null ? bench.averaging() : run.file();
            List<Preview> made = new ArrayList<>();
            for (EmojiStyle style : bench.styles()) {
                GenerationRequest request = GenerationRequest.of(text, style.id(), seedValue);
                ui(() -> work.activity("Rendering “" + text + "” in the " + style.id() + " style (" + what + ")…"));
                List<float[]> images = lane.call("Ensemble preview",
                        () -> lane.serviceFor(file).render(request, BlockListener.NONE, token));
                made.add(new Preview(style.id() + ", " + what, images.get(0)));
            }
            ui(() -> {
                if (bench != workbench) {
                    finish("The experts changed while the preview rendered; render it again.", Tone.INFO);
                    return;
                }
                previews.setAll(made);
                finish("Preview of “" + text + "”, seed " + seedValue + ", " + what + ": one image per style, "
                        + GenerationRequest.DEFAULT_STEPS + " steps, rendered as the Generate page renders.", Tone.SUCCESS);
            });
        });
    }

    /** Trains a fresh aggregator over the chosen experts with the steps, batch and styles set on the page. */
    public void train() {
        EnsembleWorkbench bench = workbench;
        if (bench == null) {
            say(problemOr("Choose two or more experts first."), Tone.ERROR);
            return;
        }
        long stepCount;
        int batchSize;
        try {
            stepCount = Long.parseLong(steps.get().strip());
            batchSize = Integer.parseInt(batch.get().strip());
            EnsembleWorkbench.trainingConfig(stepCount, batchSize);
        } catch (NumberFormatException e) {
            say("Steps and batch must be whole numbers, not “" + steps.get() + "” and “" + batch.get() + "”.", Tone.ERROR);
            return;
        } catch (IllegalArgumentException e) {
            say(e.getMessage(), Tone.ERROR);
            return;
        }
        List<EmojiStyle> dataStyles = styles.stream().filter(s -> s.chosen().get()).map(StyleChoice::style).toList();
        if (dataStyles.isEmpty()) {
            say("Choose at least one style whose training images the aggregator learns from.", Tone.ERROR);
            return;
        }
        losses.clear();
        stepTime.set("");
        EnsembleWorkbench.Run before = trained.get();
        start("Training the aggregator", token -> {
            ui(() -> work.activity("Loading the experts and the " + dataStyles.stream().map(EmojiStyle::id)
                    .collect(Collectors.joining(" and ")) + " training images…"));
            TrainingListener listener = new TrainingListener();
            EnsembleWorkbench.Run run = bench.train(stepCount, batchSize, dataStyles, listener, token);
            String skipped = listener.skipped == 0 ? "" : " " + listener.skipped + (listener.skipped == 1 ? " step was"
                    : " steps were") + " skipped: the gradient was not finite, so the trainer left the update out.";
            ui(() -> {
                if (bench != workbench) {
                    finish("The experts changed while training; the run was dropped.", Tone.INFO);
                    return;
                }
                if (run.kept()) {
                    trained.set(run);
                    saved.set(null);
                }
                describeState();
                if (!run.cancelled()) {
                    finish(String.format(Locale.ROOT, "Trained %d steps of batch %d in %s (last loss %.4f). Preview it,"
                            + " or save it.", run.stepsDone(), batchSize, duration(run.elapsed()), run.lastLoss()) + skipped,
                            Tone.SUCCESS);
                } else if (run.kept()) {
                    finish(String.format(Locale.ROOT, "Training was cancelled after %d of %d steps: the aggregator's"
                            + " weights after step %d (their moving average) are kept.", run.stepsDone(), run.steps(),
                            run.stepsDone()) + skipped, Tone.INFO);
                } else {
                    finish("Training was cancelled before its first step finished: nothing was kept; the ensemble is "
                            + (before == null ? "plain feature averaging" : "the one trained before") + ".", Tone.INFO);
                }
            });
        });
    }

    /** Saves the ensemble as it is now into the user's models under the name typed. */
    public void save() {
        EnsembleWorkbench bench = workbench;
        if (bench == null) {
            say(problemOr("Choose two or more experts first."), Tone.ERROR);
            return;
        }
        String name = saveName.get() == null ? "" : saveName.get().strip();
        EnsembleWorkbench.Run run = trained.get();
        start("Saving", token -> {
            try {
                Path file = run == null ? bench.averaging() : run.file();
                InstalledModel installed = bench.install(file, name, installer);
                ui(() -> {
                    saved.set(installed);
                    onSaved.accept(installed);
                    saveName.set(installer.freeName(name));
                    finish("Saved as “" + installed.name() + "” in " + services.catalogue().userFolder()
                            + " (" + (run == null ? "plain feature averaging" : run.stepsDone() + " training steps")
                            + "): it is in the model list of Generate and Models.", Tone.SUCCESS);
                });
            } catch (ModelNameTakenException taken) {
                ui(() -> finish("Not saved: a model named “" + taken.name() + "” exists already (try “"
                        + taken.suggestedName() + "”).", Tone.ERROR));
            }
        });
    }

    /** Asks the running work to stop: training between steps, a preview between sampler steps. */
    public void cancel() {
        work.cancel();
    }

    /** Cancels running work and deletes the builder's work files. */
    public void close() {
        cancel();
        EnsembleWorkbench old = workbench;
        workbench = null;
        if (old != null) {
            background.execute(old::deleteWork);
        }
    }

    // ---- internals ----

    private List<Path> chosenFiles() {
        return experts.stream().filter(e -> e.chosenProperty().get()).map(e -> e.model().file()).toList();
    }

    private void selectionChanged() {
        EnsembleWorkbench old = workbench;
        workbench = null;
        if (old != null) {
            cancel();
            background.execute(old::deleteWork);
        }
        trained.set(null);
        saved.set(null);
        previews.clear();
        losses.clear();
        stepTime.set("");
        styles.clear();
        List<Path> files = chosenFiles();
        try {
            EnsembleWorkbench opened = EnsembleWorkbench.open(files,
                    services.workFolder().resolve(UUID.randomUUID().toString()), services.gitCommit());
            workbench = opened;
            opened.styles().forEach(s -> styles.add(new StyleChoice(s, new SimpleBooleanProperty(true))));
            selectionProblem.set("");
            architecture.set(describe(opened.architecture()));
            saveName.set(installer.freeName("afa-" + experts.stream().filter(e -> e.chosenProperty().get())
                    .map(e -> e.model().name().replaceFirst("^unet-expert-", "")).collect(Collectors.joining("-"))));
            ready.set(true);
            describeState();
            say(files.size() + " experts of one architecture. A fresh aggregator gives each of them 1/" + files.size()
                    + " at every pixel: the ensemble starts as plain feature averaging. Preview it, train an"
                    + " aggregator, or save it.", Tone.INFO);
        } catch (ModelFileException | IllegalArgumentException e) {
            ready.set(false);
            architecture.set("");
            state.set("");
            String problem = files.isEmpty() ? "Choose two or more U-Net experts of one architecture."
                    : files.size() < EnsembleWorkbench.MIN_EXPERTS ? e.getMessage()
                    : "These experts cannot make an ensemble: " + e.getMessage();
            selectionProblem.set(problem);
            say(problem, files.isEmpty() ? Tone.INFO : Tone.ERROR);
        }
    }

    private void describeState() {
        EnsembleWorkbench.Run run = trained.get();
        if (run == null) {
            state.set("Plain feature averaging: a fresh aggregator (zero logits) weighs every expert equally at every"
                    + " pixel of every aggregation point.");
        } else {
            state.set(String.format(Locale.ROOT, "AFA, aggregator trained %d steps%s on %s images (last loss %.4f).",
                    run.stepsDone(), run.cancelled() ? " of " + run.steps() + " (cancelled)" : "",
                    run.dataStyles().stream().map(EmojiStyle::id).collect(Collectors.joining(" and ")), run.lastLoss()));
        }
    }

    private static String describe(UnetConfig c) {
        return String.format(Locale.ROOT, "U-Net, %d×%d px, %d channels × %s, %d ResBlocks a level, attention at %s px,"
                + " styles %s", c.imageSize(), c.imageSize(), c.channels(), c.channelMultipliers(), c.resBlocks(),
                c.attentionResolutions(), c.styles().stream().map(EmojiStyle::id).toList());
    }

    private String problemOr(String fallback) {
        return selectionProblem.get().isEmpty() ? fallback : selectionProblem.get();
    }

    private void start(String what, PageWork.Work task) {
        work.start(what, task);
    }

    private void finish(String text, Tone how) {
        work.finish(text, how);
    }

    private void ui(Runnable action) {
        work.ui(action);
    }

    private void say(String text, Tone how) {
        work.say(text, how);
    }

    private static String duration(java.time.Duration d) {
        long s = Math.max(0, Math.round(d.toMillis() / 1000.0));
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d:%02d min", s / 60, s % 60);
    }

    /** Training's progress, loss and time a step, posted to the UI thread. */
    private final class TrainingListener implements ProgressListener {
        private long total = -1;
        private long from;
        private long startedNanos;
        private long skipped; // on the training thread, read there after the run

        @Override
        public void started(long fromStep, long totalSteps) {
            total = totalSteps;
            from = fromStep;
            startedNanos = System.nanoTime();
            ui(() -> work.activity("Training: the first step…"));
        }

        @Override
        public void stepSkipped(long step, double gradientNorm) {
            skipped++;
        }

        @Override
        public void stepDone(long stepsDone, float loss, double learningRate) {
            long of = total;
            String skips = skipped == 0 ? "" : ", " + skipped + " skipped";
            double seconds = (System.nanoTime() - startedNanos) / 1e9 / Math.max(1, stepsDone - from);
            double left = seconds * Math.max(0, of - stepsDone);
            ui(() -> {
                losses.add(new LossPoint(stepsDone, loss));
                work.progress(of > 0 ? Math.min(1, (double) stepsDone / of) : -1);
                stepTime.set(String.format(Locale.ROOT, "%.1f s a step", seconds));
                work.activity(String.format(Locale.ROOT, "Training: step %d of %d%s, loss %.4f, %.1f s a step, about %s"
                        + " left", stepsDone, of, skips, loss, seconds,
                        duration(java.time.Duration.ofMillis(Math.round(left * 1000)))));
            });
        }
    }
}
