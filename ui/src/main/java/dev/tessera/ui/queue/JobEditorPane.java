package dev.tessera.ui.queue;

import dev.tessera.app.generate.RequestText;
import dev.tessera.app.generate.RequestValidation;
import java.util.Optional;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Side form that edits a pending job's request. Saving re-checks that the job is still pending:
 * the runner may have started it while the form was open.
 */
final class JobEditorPane {

    private final QueueViewModel model;
    private final Runnable onClose;
    private final RequestFields fields = new RequestFields("edit", true, true);
    private final Label title = new Label();
    private final Label errors = new Label();
    private final javafx.scene.layout.BorderPane root;
    private String jobId;

    JobEditorPane(QueueViewModel model, Runnable onClose) {
        this.model = model;
        this.onClose = onClose;
        title.getStyleClass().add("section-title");
        errors.setId("edit-errors");
        errors.getStyleClass().add("error-text");
        errors.setWrapText(true);
        Button save = new Button("Save changes");
        save.setId("edit-save");
        save.setDefaultButton(true);
        save.setOnAction(e -> save());
        Button cancel = new Button("Close");
        cancel.setId("edit-close");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> onClose.run());
        Label hint = new Label("Only a pending job can be edited. An interrupted job renders all its"
                + " images again with the new settings; the ones it finished stay on disk.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        VBox form = new VBox(10, fields.node());
        form.setPadding(new javafx.geometry.Insets(0, 12, 0, 0)); // room for the scroll bar
        root = SidePaneLayout.of("job-editor", 400, new VBox(4, title, hint), form,
                new VBox(8, errors, new HBox(8, save, cancel)));
    }

    javafx.scene.layout.Region node() {
        return root;
    }

    /** Fills the form from the job; returns the refusal instead when it is not pending. */
    Optional<String> open(JobRow row) {
        Optional<String> refusal = model.editRefusal(row.id());
        if (refusal.isPresent()) {
            return refusal;
        }
        jobId = row.id();
        title.setText("Edit job " + row.positionProperty().get());
        fields.fill(RequestText.of(row.job().request()));
        errors.setText("");
        return Optional.empty();
    }

    private void save() {
        RequestValidation.Result checked = fields.text().check();
        if (checked.request().isEmpty()) {
            errors.setText(String.join("\n", checked.messages()));
            return;
        }
        if (model.edit(jobId, checked.request().get())) {
            onClose.run();
        } else {
            errors.setText(model.messageProperty().get());
        }
    }
}
