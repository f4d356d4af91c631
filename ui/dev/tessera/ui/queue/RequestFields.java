package dev.tessera.ui.queue;

import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.SamplerKind;
import java.util.Arrays;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.util.StringConverter;

/** The request settings as form fields, shared by the job editor and the sweep form. */
final class RequestFields {

    final TextField prompt = new TextField();
    final ComboBox<String> style = new ComboBox<>();
    final TextField seed = new TextField();
    final TextField count = new TextField();
    final TextField steps = new TextField();
    final TextField guidance = new TextField();
    final ComboBox<SamplerKind> sampler = new ComboBox<>();
    private final GridPane grid = new GridPane();
    private int nextRow;

    /** @param idPrefix prefixes the fields' ids ("edit" → "#edit-steps") for tests and accessibility */
    RequestFields(String idPrefix, boolean withPrompt, boolean withSeed) {
        style.getItems().addAll(Arrays.stream(EmojiStyle.values()).map(EmojiStyle::id).toList());
        sampler.getItems().addAll(SamplerKind.values());
        sampler.setConverter(new StringConverter<>() {
            @Override
            public String toString(SamplerKind kind) {
                return kind == null ? "" : JobText.sampler(kind);
            }

            @Override
            public SamplerKind fromString(String text) {
                return SamplerKind.fromId(text);
            }
        });
        grid.setHgap(8);
        grid.setVgap(8);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(100);
        ColumnConstraints inputs = new ColumnConstraints();
        inputs.setHgrow(Priority.ALWAYS);
        inputs.setFillWidth(true);
        grid.getColumnConstraints().addAll(labels, inputs);
        if (withPrompt) {
            addRow("Prompt", prompt, idPrefix + "-prompt");
        }
        addRow("Style", style, idPrefix + "-style");
        if (withSeed) {
            addRow("First seed", seed, idPrefix + "-seed");
        }
        addRow("Images per job", count, idPrefix + "-count");
        addRow("Steps per block", steps, idPrefix + "-steps");
        addRow("Guidance (cfg)", guidance, idPrefix + "-guidance");
        addRow("Sampler", sampler, idPrefix + "-sampler");
    }

    /** Appends a labelled row; callers add their own rows below the request settings. */
    void addRow(String label, javafx.scene.Node input, String id) {
        input.setId(id);
        if (input instanceof javafx.scene.control.Control control) {
            control.setMaxWidth(Double.MAX_VALUE);
        }
        Label name = new Label(label);
        name.setLabelFor(input);
        grid.addRow(nextRow++, name, input);
    }

    GridPane node() {
        return grid;
    }

    void fill(RequestForm form) {
        prompt.setText(form.prompt());
        style.setValue(form.style());
        seed.setText(form.seed());
        count.setText(form.count());
        steps.setText(form.steps());
        guidance.setText(form.guidance());
        sampler.setValue(SamplerKind.fromId(form.sampler()));
    }

    RequestForm form() {
        return new RequestForm(prompt.getText(), style.getValue(), seed.getText(), count.getText(), steps.getText(),
                guidance.getText(), sampler.getValue() == null ? "" : sampler.getValue().id());
    }
}
