package dev.tessera.ui.compress;

import dev.tessera.app.compress.Comparison;
import dev.tessera.app.compress.CompressionWorkbench;
import dev.tessera.app.compress.CompressionWorkbench.DistillationSettings;
import dev.tessera.app.compress.CompressionWorkbench.Pruning;
import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.models.ModelInstaller;
import dev.tessera.app.models.ModelNameTakenException;
import dev.tessera.compression.ModelCompressor;
import dev.tessera.compression.distill.DistillationBudget;
import dev.tessera.compression.distill.Distiller;
import dev.tessera.compression.distill.UpdateScaling;
import dev.tessera.compression.int4.Int4Quantizer;
import dev.tessera.compression.prune.Contribution;
import dev.tessera.compression.prune.PlanKind;
import dev.tessera.compression.prune.PruningPlan;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.nn.Int4Runtime;
import dev.tessera.generation.train.ProgressListener;
import dev.tessera.ui.LossPoint;
import dev.tessera.ui.PageWork;
import dev.tessera.ui.PageWork.Tone;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The compression wizard without its controls (docs/compression.md, docs/studio.md): the model chosen,
 * the step shown, each step's settings and results, and what runs. Methods run on the UI thread; the
 * work runs on {@code background} (one thread, the wizard's own) through a {@link CompressionWorkbench},
 * and its outcome comes back through {@code uiThread}, so every property changes on the UI thread.
 * Changing a step's settings clears what the steps after it made, never what came before; a cancelled
 * or failed step says why and leaves the earlier results, and the user's models, as they were.
 */
public final class CompressionWizardViewModel {

    /** What the wizard needs from the studio. */
    public record Services(ModelCatalogue catalogue, Function<AcditConfig, TrainingExamples> examplesFor,
            SourceNamer namer) {}

    /** Names a model file for the compressed file's metadata: a short hash and the commit doing the work. */
    @FunctionalInterface
    public interface SourceNamer {
        ModelCompressor.Source name(java.nio.file.Path file) throws java.io.IOException;
    }

    private final Services services;
    private final ModelInstaller installer;
    private final Executor background;
    private CompressionWorkbench workbench;
    private int generation; // bumps when the model changes, so late results of the old one are dropped

    private final ObservableList<InstalledModel> models = FXCollections.observableArrayList();
    private final ObjectProperty<InstalledModel> model = new SimpleObjectProperty<>(this, "model");
    private final ReadOnlyObjectWrapper<InstalledModel> loaded = new ReadOnlyObjectWrapper<>(this, "loaded");
    private final ObjectProperty<WizardStep> step = new SimpleObjectProperty<>(this, "step", WizardStep.MODEL);
    private final PageWork work;

    private final StringProperty calibrationItems = new SimpleStringProperty(this, "calibrationItems",
            Integer.toString(CompressionWorkbench.DEFAULT_CALIBRATION_ITEMS));
    private final ObservableList<Contribution> contributions = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper analysed = new ReadOnlyBooleanWrapper(this, "analysed");

    private final StringProperty budget = new SimpleStringProperty(this, "budget", "0.2");
    private final ObjectProperty<PlanKind> planKind = new SimpleObjectProperty<>(this, "planKind", PlanKind.POSITION);
    private final ReadOnlyObjectWrapper<Optional<Pruning>> plan = new ReadOnlyObjectWrapper<>(this, "plan");

    private final BooleanProperty int4 = new SimpleBooleanProperty(this, "int4", true);
    private final ObjectProperty<Integer> group = new SimpleObjectProperty<>(this, "group", 64);
    private final ObjectProperty<Int4Weights.Scheme> scheme = new SimpleObjectProperty<>(this, "scheme",
            Int4Weights.Scheme.SYMMETRIC);
    private final ObjectProperty<Int4Runtime> runtime = new SimpleObjectProperty<>(this, "runtime",
            Int4Runtime.DEQUANTIZE_PER_LAYER);

    private final BooleanProperty distil = new SimpleBooleanProperty(this, "distil", true);
    private final ObjectProperty<DistillationUnit> distilUnit = new SimpleObjectProperty<>(this, "distilUnit",
            DistillationUnit.MINUTES);
    private final StringProperty distilAmount = new SimpleStringProperty(this, "distilAmount",
            format(CompressionWorkbench.DEFAULT_DISTILL_MINUTES));
    private final BooleanProperty preserve = new SimpleBooleanProperty(this, "preserve", true);
    private final ObjectProperty<UpdateScaling> scaling = new SimpleObjectProperty<>(this, "scaling",
            UpdateScaling.CONTINUOUS);
    private final ObservableList<LossPoint> losses = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper studentReady = new ReadOnlyBooleanWrapper(this, "studentReady");
    private final ReadOnlyStringWrapper studentSummary = new ReadOnlyStringWrapper(this, "studentSummary", "");

    private final ReadOnlyObjectWrapper<Comparison> comparison = new ReadOnlyObjectWrapper<>(this, "comparison");
    private final StringProperty saveName = new SimpleStringProperty(this, "saveName", "");
    private final ReadOnlyObjectWrapper<InstalledModel> saved = new ReadOnlyObjectWrapper<>(this, "saved");
    private Consumer<InstalledModel> onSaved = m -> {};
    // Held here: a binding nobody holds strongly is collected, and its listeners with it.
    private final Map<WizardStep, BooleanBinding> reachable = new EnumMap<>(WizardStep.class);

    /**
     * @param background where the steps run: one thread, used by nothing else
     * @param uiThread   where their outcome is applied ({@code Platform::runLater} in the app)
     */
    public CompressionWizardViewModel(Services services, Executor background, Executor uiThread) {
        this.services = services;
        this.installer = new ModelInstaller(services.catalogue());
        this.background = background;
        this.work = new PageWork(background, uiThread, ". Nothing saved was changed; the earlier steps are kept.");
        for (WizardStep s : WizardStep.values()) {
            reachable.put(s, reachableBinding(s));
        }
        budget.addListener((obs, old, now) -> clearPlan());
        planKind.addListener((obs, old, now) -> clearPlan());
        distil.addListener((obs, old, now) -> clearStudent());
        distilUnit.addListener((obs, old, now) -> {
            distilAmount.set(now == DistillationUnit.MINUTES ? format(CompressionWorkbench.DEFAULT_DISTILL_MINUTES) : "200");
            clearStudent();
        });
        distilAmount.addListener((obs, old, now) -> clearStudent());
        preserve.addListener((obs, old, now) -> clearStudent());
        scaling.addListener((obs, old, now) -> clearStudent());
        int4.addListener((obs, old, now) -> clearComparison());
        group.addListener((obs, old, now) -> clearComparison());
        scheme.addListener((obs, old, now) -> clearComparison());
        runtime.addListener((obs, old, now) -> clearComparison());
        model.addListener((obs, old, now) -> {
            if (loaded.get() != null && !loaded.get().equals(now)) {
                unload();
            }
        });
        setModels(services.catalogue().list());
        say("Choose a model to compress. Nothing is written into your models until the last step saves it.", Tone.INFO);
    }

    // ---- what the view shows ----

    public ObservableList<InstalledModel> models() {
        return models;
    }

    /** The model chosen in the first step. */
    public ObjectProperty<InstalledModel> modelProperty() {
        return model;
    }

    /** The model the later steps work on (null until one is loaded). */
    public ReadOnlyObjectProperty<InstalledModel> loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public ObjectProperty<WizardStep> stepProperty() {
        return step;
    }

    /** The steps' work: busy, what runs, progress, Cancel, the message. */
    public PageWork work() {
        return work;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return work.busyProperty();
    }

    /** What runs now, e.g. "Distilling: step 40 of 180". */
    public ReadOnlyStringProperty activityProperty() {
        return work.activityProperty();
    }

    /** The running step's progress in [0, 1], or −1 while unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return work.progressProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return work.messageProperty();
    }

    public ReadOnlyObjectProperty<Tone> toneProperty() {
        return work.toneProperty();
    }

    public StringProperty calibrationItemsProperty() {
        return calibrationItems;
    }

    /** Each part's contribution, as the analysis measures them. */
    public ObservableList<Contribution> contributions() {
        return contributions;
    }

    /** Whether the analysis measured every part. */
    public ReadOnlyBooleanProperty analysedProperty() {
        return analysed.getReadOnlyProperty();
    }

    public StringProperty budgetProperty() {
        return budget;
    }

    /** How the budget is spent: later layers first, or the cheapest attention and MLP branches anywhere. */
    public ObjectProperty<PlanKind> planKindProperty() {
        return planKind;
    }

    /** The plan for the budget: null until planned, empty for "no pruning". */
    public ReadOnlyObjectProperty<Optional<Pruning>> planProperty() {
        return plan.getReadOnlyProperty();
    }

    public BooleanProperty int4Property() {
        return int4;
    }

    public ObjectProperty<Integer> groupProperty() {
        return group;
    }

    public ObjectProperty<Int4Weights.Scheme> schemeProperty() {
        return scheme;
    }

    public ObjectProperty<Int4Runtime> runtimeProperty() {
        return runtime;
    }

    public BooleanProperty distilProperty() {
        return distil;
    }

    public ObjectProperty<DistillationUnit> distilUnitProperty() {
        return distilUnit;
    }

    public StringProperty distilAmountProperty() {
        return distilAmount;
    }

    public BooleanProperty preserveProperty() {
        return preserve;
    }

    public ObjectProperty<UpdateScaling> scalingProperty() {
        return scaling;
    }

    /** The distillation loss of each step done so far. */
    public ObservableList<LossPoint> losses() {
        return losses;
    }

    /** Whether the pruned (and distilled, if asked) model is ready to compare. */
    public ReadOnlyBooleanProperty studentReadyProperty() {
        return studentReady.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty studentSummaryProperty() {
        return studentSummary.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Comparison> comparisonProperty() {
        return comparison.getReadOnlyProperty();
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

    /** Whether {@code target} can be shown: the steps before it have what it needs. */
    public BooleanBinding reachable(WizardStep target) {
        return reachable.get(target);
    }

    private BooleanBinding reachableBinding(WizardStep target) {
        return Bindings.createBooleanBinding(() -> switch (target) {
            case MODEL -> true;
            case ANALYSE -> loaded.get() != null;
            case PRUNE -> analysed.get();
            case INT4, DISTIL -> plan.get() != null;
            case COMPARE -> studentReady.get();
            case SAVE -> comparison.get() != null;
        }, loaded, analysed, plan, studentReady, comparison);
    }

    // ---- actions ----

    /** The models the first step offers: every readable model (U-Net experts too, which it explains it cannot compress). */
    public void setModels(List<InstalledModel> installed) {
        InstalledModel wanted = model.get();
        models.setAll(installed.stream().filter(InstalledModel::readable).toList());
        List<InstalledModel> acdit = models.stream().filter(m -> m.kind().equals("acdit")).toList();
        InstalledModel fallback = InstalledModel.preferred(acdit.isEmpty() ? models : acdit);
        model.set(models.stream().filter(m -> wanted != null && m.file().equals(wanted.file())).findFirst()
                .orElse(fallback));
    }

    /** Goes to {@code target} when it is reachable. */
    public void show(WizardStep target) {
        if (reachable(target).get()) {
            step.set(target);
        }
    }

    /** Step 1 → 2: loads the chosen model, draws its calibration set, then runs the contribution analysis. */
    public void loadAndAnalyse() {
        InstalledModel chosen = model.get();
        if (chosen == null) {
            say("Choose a model first.", Tone.ERROR);
            return;
        }
        int items;
        try {
            items = Integer.parseInt(calibrationItems.get().strip());
        } catch (NumberFormatException e) {
            say("Calibration images must be a whole number, not “" + calibrationItems.get() + "”.", Tone.ERROR);
            return;
        }
        if (items < 1 || items > 1024) {
            say("Calibration images must be 1 to 1024, not " + items + ".", Tone.ERROR);
            return;
        }
        if (chosen.equals(loaded.get()) && workbench != null && workbench.calibrationItems() == items) {
            analyse();
            return;
        }
        unload();
        int at = generation;
        start("Loading " + chosen.name(), token -> {
            CompressionWorkbench opened = CompressionWorkbench.open(services.namer().name(chosen.file()), items,
                    services.examplesFor());
            long parameters = opened.parameters();
            String name = installer.freeName(chosen.name() + "-small");
            ui(() -> {
                if (at != generation) {
                    background.execute(opened::close);
                    return;
                }
                workbench = opened;
                loaded.set(chosen);
                saveName.set(name);
                step.set(WizardStep.ANALYSE);
                say(chosen.name() + " loaded: " + String.format(Locale.ROOT, "%,d", parameters)
                        + " parameters, " + opened.calibrationItems() + " calibration images.", Tone.INFO);
            });
            analyse(opened, token); // on, in the same run: the page stays busy from loading to the last part
        });
    }

    /** Step 2: measures every part's contribution (again). */
    public void analyse() {
        if (workbench == null) {
            say("Load a model first.", Tone.ERROR);
            return;
        }
        CompressionWorkbench bench = workbench;
        start("Contribution analysis", token -> analyse(bench, token));
    }

    private void analyse(CompressionWorkbench bench, CancellationToken token) {
        int total = bench.analysisParts();
        ui(() -> {
            contributions.clear();
            analysed.set(false);
            clearPlan();
            work.activity("Contribution analysis…");
        });
        bench.analyse(c -> ui(() -> {
            contributions.add(c);
            work.progress((double) contributions.size() / total);
            work.activity(String.format(Locale.ROOT, "Analysing: %d of %d parts (last: %s, ε-error %.5f)",
                    contributions.size(), total, c.part().label(), c.epsilonError()));
        }), token);
        ui(() -> {
            analysed.set(true);
            finish("Analysis done: " + total + " parts measured on " + bench.calibrationItems()
                    + " calibration images. Next: choose how much to prune.", Tone.SUCCESS);
        });
    }

    /** Step 3: the plan for the budget typed; a bad budget is explained and nothing runs. */
    public void makePlan() {
        Optional<Double> fraction = parseBudget();
        if (fraction.isEmpty() || workbench == null) {
            return;
        }
        CompressionWorkbench bench = workbench;
        String asked = budget.get();
        PlanKind kind = planKind.get();
        start("Planning", token -> {
            Optional<Pruning> made = bench.plan(fraction.get(), kind);
            ui(() -> {
                if (!asked.equals(budget.get()) || kind != planKind.get()) {
                    finish("The budget changed while planning; plan again.", Tone.INFO);
                    return;
                }
                plan.set(made);
                finish(made.map(p -> String.format(Locale.ROOT, "Plan: %s, %.1f %% of the parameters.",
                        summary(p.plan()),
                        100 * p.plan().removedFraction()))
                        .orElse("No pruning: every layer stays; choose INT4 next."), Tone.SUCCESS);
            });
        });
    }

    /** The budget typed as a fraction, or empty after saying what is wrong with it. */
    private Optional<Double> parseBudget() {
        double value;
        try {
            value = Double.parseDouble(budget.get().strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            say("The pruning budget must be a number: 0 for none, or a fraction of the parameters in (0, 0.9],"
                    + " e.g. 0.2; not “" + budget.get() + "”.", Tone.ERROR);
            return Optional.empty();
        }
        if (!(value == 0 || value > 0 && value <= 0.9)) {
            say("The pruning budget must be 0 (no pruning) or a fraction of the parameters in (0, 0.9], not "
                    + budget.get().strip() + ".", Tone.ERROR);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** Step 5: prunes by the plan and distils the pruned model (or only prunes, with distillation off). */
    public void distil() {
        if (plan.get() == null || workbench == null) {
            say("Make a pruning plan first.", Tone.ERROR);
            return;
        }
        Optional<DistillationBudget> amount;
        try {
            amount = distil.get() && plan.get().isPresent() ? Optional.of(distillationBudget()) : Optional.empty();
        } catch (IllegalArgumentException e) {
            say(e.getMessage(), Tone.ERROR);
            return;
        }
        CompressionWorkbench bench = workbench;
        Optional<Pruning> chosen = plan.get();
        DistillationSettings settings = new DistillationSettings(amount, preserve.get(), scaling.get());
        clearStudent();
        losses.clear();
        String what = amount.isPresent() ? "Distilling" : "Pruning";
        start(what, token -> {
            Optional<Distiller.Result> result = bench.distil(chosen, settings, new LossListener(), token);
            ui(() -> {
                studentReady.set(true);
                String text = chosen.isEmpty() ? "No pruning, so nothing to distil: the original goes to INT4."
                        : result.map(r -> String.format(Locale.ROOT, "Distilled: %d steps in %.1f min, loss %.4f → %.4f.",
                                r.steps(), r.elapsed().toMillis() / 60_000.0, r.firstLoss(), r.lastLoss()))
                                .orElse("Pruned, not distilled.");
                studentSummary.set(text);
                finish(text + " Next: compare with the original.", Tone.SUCCESS);
            });
        });
    }

    private DistillationBudget distillationBudget() {
        String text = distilAmount.get().strip().replace(',', '.');
        if (distilUnit.get() == DistillationUnit.STEPS) {
            long steps;
            try {
                steps = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Distillation steps must be a whole number, not “" + text + "”.");
            }
            if (steps < 1 || steps > 100_000) {
                throw new IllegalArgumentException("Distillation steps must be 1 to 100000, not " + steps + ".");
            }
            return new DistillationBudget.Steps(steps);
        }
        double minutes;
        try {
            minutes = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Distillation minutes must be a number, not “" + text + "”.");
        }
        if (!(minutes >= 0.1 && minutes <= 600)) {
            throw new IllegalArgumentException("Distillation minutes must be 0.1 to 600, not " + text + ".");
        }
        return new DistillationBudget.Time(Duration.ofMillis(Math.round(minutes * 60_000)));
    }

    /** Step 6: writes the compressed model (not yet into the model list) and compares it with the original. */
    public void compare() {
        if (!studentReady.get() || workbench == null) {
            say("Prune (and distil) first.", Tone.ERROR);
            return;
        }
        CompressionWorkbench bench = workbench;
        Optional<Int4Quantizer> quantizer = int4.get() ? Optional.of(new Int4Quantizer(
                new Int4Weights.Settings(group.get(), scheme.get()), SafetensorsDType.F16)) : Optional.empty();
        Int4Runtime mode = runtime.get();
        clearComparison();
        start("Comparing", token -> {
            Comparison made = bench.compare(quantizer, mode, dev.tessera.app.generate.GenerationRequest.DEFAULT_STEPS,
                    phase -> ui(() -> work.activity("Comparing: " + phase)), token);
            ui(() -> {
                comparison.set(made);
                finish("Compared on the same " + made.originalImages().count() + " prompts and seeds. Next: save it.",
                        Tone.SUCCESS);
            });
        });
    }

    /** Step 7: saves the compared model into the user's models folder under the name typed. */
    public void save() {
        Comparison compared = comparison.get();
        if (compared == null) {
            say("Compare first: the file saved is the one compared.", Tone.ERROR);
            return;
        }
        String name = saveName.get().strip();
        start("Saving", token -> {
            try {
                InstalledModel installed = installer.importModel(compared.candidate(), name);
                ui(() -> {
                    saved.set(installed);
                    onSaved.accept(installed);
                    finish("Saved as “" + installed.name() + "” in " + services.catalogue().userFolder()
                            + ": it is in the model list of Generate and Models.", Tone.SUCCESS);
                });
            } catch (ModelNameTakenException taken) {
                ui(() -> finish("Not saved: a model named “" + taken.name() + "” exists already (try “"
                        + taken.suggestedName() + "”).", Tone.ERROR));
            }
        });
    }

    /** Asks the running step to stop; it stops within a part, a step or an image and says so. */
    public void cancel() {
        work.cancel();
    }

    /** Cancels the running step and frees the loaded model (on the wizard's thread). */
    public void close() {
        cancel();
        unload();
    }

    // ---- internals ----

    private void start(String what, PageWork.Work step) {
        int at = generation;
        work.start(what, step, () -> at == generation);
    }

    private void finish(String text, Tone how) {
        work.finish(text, how);
    }

    private void ui(Runnable action) {
        work.ui(action);
    }

    private void unload() {
        generation++;
        cancel();
        CompressionWorkbench old = workbench;
        workbench = null;
        if (old != null) {
            background.execute(old::close);
        }
        loaded.set(null);
        contributions.clear();
        analysed.set(false);
        clearPlan();
        step.set(WizardStep.MODEL);
    }

    private void clearPlan() {
        plan.set(null);
        clearStudent();
    }

    private void clearStudent() {
        studentReady.set(false);
        studentSummary.set("");
        clearComparison();
    }

    private void clearComparison() {
        comparison.set(null);
    }

    private void say(String text, Tone how) {
        work.say(text, how);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** Distillation's progress and loss, posted to the UI thread. */
    private final class LossListener implements ProgressListener {
        private long total = -1;

        @Override
        public void started(long fromStep, long totalSteps) {
            total = totalSteps;
        }

        @Override
        public void stepDone(long stepsDone, float loss, double learningRate) {
            long of = total;
            ui(() -> {
                losses.add(new LossPoint(stepsDone, loss));
                work.progress(of > 0 ? Math.min(1, (double) stepsDone / of) : -1);
                work.activity(String.format(Locale.ROOT, "Distilling: step %d%s, loss %.4f", stepsDone,
                        of > 0 ? " of " + of : "", loss));
            });
        }
    }

    /** "every MLP narrower", "2 parts go" or "1 part goes, the other MLPs narrower": the plan in a few words. */
    private static String summary(PruningPlan plan) {
        int parts = plan.removed().size();
        if (parts == 0) {
            return "every MLP narrower";
        }
        return (parts == 1 ? "1 part goes" : parts + " parts go") + (plan.narrows() ? ", the other MLPs narrower" : "");
    }
}
