package dev.tessera.ui.queue;

import dev.tessera.app.generate.RequestText;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.SamplerKind;
import java.util.Arrays;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.util.StringConverter;

/** The request settings as form fields, shared by the job editor and the sweep form. */
final class RequestFields {

    final TextField prompt = new TextField();
    final TextField negativePrompt = new TextField();
    final ComboBox<String> style = new ComboBox<>();
    final TextField seed = new TextField();
    final TextField count = new TextField();
    final TextField steps = new TextField();
    final TextField guidance = new TextField();
    final TextField styleStrength = new TextField();
    final ComboBox<SamplerKind> sampler = new ComboBox<>();
    private final FormGrid grid = new FormGrid();

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
        if (withPrompt) {
            addRow("Prompt", prompt, idPrefix + "-prompt");
        }
        addRow("Negative prompt", negativePrompt, idPrefix + "-negative-prompt");
        negativePrompt.setPromptText("optional");
        addRow("Style", style, idPrefix + "-style");
        if (withSeed) {
            addRow("First seed", seed, idPrefix + "-seed");
        }
        addRow("Count (images per job)", count, idPrefix + "-count");
        addRow("Steps per block", steps, idPrefix + "-steps");
        addRow("Guidance (cfg)", guidance, idPrefix + "-guidance");
        addRow("Style strength", styleStrength, idPrefix + "-style-strength");
        addRow("Sampler", sampler, idPrefix + "-sampler");
    }

    private void addRow(String label, javafx.scene.Node input, String id) {
        grid.add(label, input, id);
    }

    /** The request the fields were filled from: its init picture is not edited here, but kept. */
    private RequestText filled = new RequestText("", "", "", "", "", "", "", "");

    GridPane node() {
        return grid.node();
    }

    void fill(RequestText text) {
        filled = text;
        prompt.setText(text.prompt());
        negativePrompt.setText(text.negativePrompt());
        style.setValue(text.style());
        seed.setText(text.seed());
        count.setText(text.count());
        steps.setText(text.steps());
        guidance.setText(text.guidance());
        styleStrength.setText(text.styleStrength());
        sampler.setValue(SamplerKind.fromId(text.sampler()));
    }

    /** The fields as typed, for {@link dev.tessera.app.generate.RequestValidation} to check. */
    RequestText text() {
        return new RequestText(prompt.getText(), style.getValue(), seed.getText(), steps.getText(), guidance.getText(),
                styleStrength.getText(), sampler.getValue() == null ? "" : sampler.getValue().id(), count.getText(),
                negativePrompt.getText()).withInit(filled.initImage(), filled.strength(), filled.keepBlocks());
    }
}
