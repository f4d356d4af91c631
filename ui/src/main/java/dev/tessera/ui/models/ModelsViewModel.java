package dev.tessera.ui.models;

import dev.tessera.app.models.InstalledModel;
import dev.tessera.app.models.ModelCatalogue;
import dev.tessera.app.models.ModelDetails;
import dev.tessera.app.models.ModelImportException;
import dev.tessera.app.models.ModelInstaller;
import dev.tessera.app.models.ModelNameTakenException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Models page without its controls: the installed models, the selected one's details, import
 * and remove, and a message saying how the last action went. Methods run on the UI thread; an
 * import is checked and copied on {@code background} (a model file can be large) and its outcome
 * comes back through {@code uiThread}, so every property changes on the UI thread only.
 */
public final class ModelsViewModel {

    /** How the message reads. */
    public enum Tone { INFO, SUCCESS, ERROR }

    /** A yes/no question for the user; {@code confirmLabel} names what "yes" does. */
    @FunctionalInterface
    public interface Confirm {
        boolean ask(String title, String text, String confirmLabel);
    }

    private final ModelCatalogue catalogue;
    private final ModelInstaller installer;
    private final Executor background;
    private final Executor uiThread;
    private final ObservableList<InstalledModel> models = FXCollections.observableArrayList();
    private final ObservableList<InstalledModel> readOnlyModels = FXCollections.unmodifiableObservableList(models);
    private final ReadOnlyObjectWrapper<InstalledModel> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyObjectWrapper<ModelDetails> details = new ReadOnlyObjectWrapper<>(this, "details");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<Tone> tone = new ReadOnlyObjectWrapper<>(this, "tone", Tone.INFO);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final BooleanBinding canRemove = Bindings.createBooleanBinding(
            () -> !busy.get() && removable(selected.get()), busy, selected);
    private Consumer<List<InstalledModel>> onChanged = installed -> {};

    /**
     * @param background where imports run (the studio's file thread)
     * @param uiThread   where their outcome is applied ({@code Platform::runLater} in the app)
     */
    public ModelsViewModel(ModelCatalogue catalogue, Executor background, Executor uiThread) {
        this.catalogue = catalogue;
        this.installer = new ModelInstaller(catalogue);
        this.background = background;
        this.uiThread = uiThread;
        selected.addListener((obs, old, model) -> details.set(model == null ? null : ModelDetails.of(model)));
        refresh(null);
        say("Bundled models ship with Tessera; imported ones are kept in " + catalogue.userFolder() + ".", Tone.INFO);
    }

    // ---- what the view shows ----

    public ObservableList<InstalledModel> models() {
        return readOnlyModels;
    }

    public ReadOnlyObjectProperty<InstalledModel> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The selected model's config, provenance and metrics; null when none is selected. */
    public ReadOnlyObjectProperty<ModelDetails> detailsProperty() {
        return details.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tone> toneProperty() {
        return tone.getReadOnlyProperty();
    }

    /** True while an import is checked and copied. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Whether {@link #removeSelected} can act: an imported model is selected and nothing is under way. */
    public BooleanBinding canRemoveProperty() {
        return canRemove;
    }

    /** Where the catalogue looks, for telling the user when nothing is installed. */
    public String folders() {
        return catalogue.folders();
    }

    /** Told the installed models after every import or removal (and once now), e.g. to refresh a model picker. */
    public void setOnChanged(Consumer<List<InstalledModel>> listener) {
        this.onChanged = listener;
        listener.accept(List.copyOf(models));
    }

    // ---- actions ----

    /** Shows {@code model}'s details; null clears the selection. */
    public void select(InstalledModel model) {
        if (!Objects.equals(model, selected.get())) {
            selected.set(model);
        }
    }

    /** Checks and imports {@code file} under its own name; a name clash asks {@code confirm} about a free one. */
    public void importModel(Path file, Confirm confirm) {
        importAs(file, ModelInstaller.defaultName(file), confirm);
    }

    private void importAs(Path file, String name, Confirm confirm) {
        if (busy.get()) {
            say("An import is under way; wait for it to finish.", Tone.ERROR);
            return;
        }
        busy.set(true);
        say("Checking and importing " + file.getFileName() + "…", Tone.INFO);
        background.execute(() -> {
            try {
                InstalledModel model = installer.importModel(file, name);
                uiThread.execute(() -> imported(model));
            } catch (ModelNameTakenException taken) {
                uiThread.execute(() -> {
                    busy.set(false);
                    offerFreeName(file, taken, confirm);
                });
            } catch (ModelImportException | RuntimeException e) {
                uiThread.execute(() -> {
                    busy.set(false);
                    say("Not imported: " + e.getMessage(), Tone.ERROR);
                });
            }
        });
    }

    private void imported(InstalledModel model) {
        busy.set(false);
        refresh(model.file());
        say("Imported “" + model.name() + "” (" + model.kind() + ", " + ModelDetails.formatSize(model.sizeBytes())
                + ").", Tone.SUCCESS);
    }

    /** Never overwrites: asks whether to import under a free name instead. */
    private void offerFreeName(Path file, ModelNameTakenException taken, Confirm confirm) {
        String free = taken.suggestedName();
        boolean rename = confirm.ask("A model named “" + taken.name() + "” is already installed",
                "The installed model is kept as it is. Import " + file.getFileName() + " as “" + free + "” instead?",
                "Import as " + free);
        if (rename) {
            importAs(file, free, confirm);
        } else {
            say("Not imported: a model named “" + taken.name() + "” is already installed.", Tone.ERROR);
        }
    }

    /** Lists a model installed elsewhere (the compression wizard) and selects it. */
    public void installed(InstalledModel model) {
        installed(model, "the compression wizard");
    }

    /** As {@link #installed(InstalledModel)}, for a model saved by {@code by} (e.g. "the ensemble builder"). */
    public void installed(InstalledModel model, String by) {
        refresh(model.file());
        say("“" + model.name() + "” was saved by " + by + " (" + ModelDetails.formatSize(model.sizeBytes())
                + ").", Tone.SUCCESS);
    }

    /** Deletes the selected imported model after {@code confirm} agrees; bundled models are never removed. */
    public void removeSelected(Confirm confirm) {
        InstalledModel model = selected.get();
        if (!canRemove.get()) {
            return;
        }
        boolean sure = confirm.ask("Remove “" + model.name() + "”?",
                "This deletes " + model.file() + ". Images made with it are kept.", "Remove");
        if (!sure) {
            return;
        }
        try {
            installer.remove(model);
            refresh(null);
            say("Removed “" + model.name() + "”.", Tone.SUCCESS);
        } catch (IOException | RuntimeException e) {
            refresh(null);
            say("Not removed: " + e.getMessage(), Tone.ERROR);
        }
    }

    // ---- internals ----

    private static boolean removable(InstalledModel model) {
        return model != null && model.source() == InstalledModel.Source.USER;
    }

    /** Reloads the list and selects {@code select} (or the first model). */
    private void refresh(Path select) {
        List<InstalledModel> installed = catalogue.list();
        models.setAll(installed);
        onChanged.accept(installed);
        select(installed.stream().filter(m -> m.file().equals(select)).findFirst()
                .orElse(installed.isEmpty() ? null : installed.get(0)));
    }

    private void say(String text, Tone how) {
        message.set(text);
        tone.set(how);
    }
}
