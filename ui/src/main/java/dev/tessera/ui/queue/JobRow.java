package dev.tessera.ui.queue;

import dev.tessera.app.queue.Job;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;

/**
 * One job as the table shows it. A row lives as long as its job and is updated in place, so the
 * table keeps its selection and scroll position while progress ticks in.
 */
public final class JobRow {

    private final String id;
    private final SimpleObjectProperty<Job> job = new SimpleObjectProperty<>(this, "job");
    private final SimpleIntegerProperty position = new SimpleIntegerProperty(this, "position");
    private final SimpleStringProperty state = new SimpleStringProperty(this, "state");
    private final SimpleStringProperty prompt = new SimpleStringProperty(this, "prompt");
    private final SimpleStringProperty seeds = new SimpleStringProperty(this, "seeds");
    private final SimpleStringProperty settings = new SimpleStringProperty(this, "settings");
    private final SimpleDoubleProperty progress = new SimpleDoubleProperty(this, "progress");
    private final SimpleStringProperty eta = new SimpleStringProperty(this, "eta", "");
    private final SimpleStringProperty detail = new SimpleStringProperty(this, "detail");

    JobRow(String id) {
        this.id = id;
    }

    void update(Job value, int newPosition, double newProgress, String newEta) {
        job.set(value);
        position.set(newPosition);
        state.set(JobText.state(value));
        prompt.set(value.request().prompt());
        seeds.set(JobText.seeds(value.request()));
        settings.set(JobText.settings(value.request()));
        progress.set(newProgress);
        eta.set(newEta);
        detail.set(JobText.detail(value));
    }

    public String id() {
        return id;
    }

    public Job job() {
        return job.get();
    }

    public ReadOnlyObjectProperty<Job> jobProperty() {
        return job;
    }

    /** 1-based place in the queue. */
    public ReadOnlyIntegerProperty positionProperty() {
        return position;
    }

    public ReadOnlyStringProperty stateProperty() {
        return state;
    }

    public ReadOnlyStringProperty promptProperty() {
        return prompt;
    }

    public ReadOnlyStringProperty seedsProperty() {
        return seeds;
    }

    public ReadOnlyStringProperty settingsProperty() {
        return settings;
    }

    /** 0..1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    /** Time left, or "" when unknown or finished. */
    public ReadOnlyStringProperty etaProperty() {
        return eta;
    }

    /** Failure, output folder, model: for the tooltip. */
    public ReadOnlyStringProperty detailProperty() {
        return detail;
    }
}
