package dev.tessera.compression.unet;

import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.ensemble.unet.UnetTraining;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.modelfile.Provenance;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training images a U-Net expert learnt from: the training split of its own style(s), as its provenance
 * names them ("emoji [google] 32px …", written by {@link UnetTraining#provenance} and training/train.py). The
 * calibration set and distillation draw from these, not from styles the expert never trained on.
 */
public final class UnetTrainingImages {

    private static final Pattern DATA_STYLES = Pattern.compile("^emoji \\[([^\\]]+)\\]");

    private UnetTrainingImages() {}

    /**
     * The styles {@code model} trained on: those of its config its provenance names, or every style of its config
     * when the provenance is missing or names none of them.
     */
    public static List<EmojiStyle> stylesOf(UnetModel model) {
        Provenance provenance = model.provenance();
        if (provenance != null) {
            Matcher matcher = DATA_STYLES.matcher(provenance.dataset());
            if (matcher.find()) {
                List<EmojiStyle> styles = new ArrayList<>();
                for (String id : matcher.group(1).split(",")) {
                    model.config().styles().stream().filter(style -> style.id().equalsIgnoreCase(id.trim()))
                            .filter(style -> !styles.contains(style)).forEach(styles::add);
                }
                if (!styles.isEmpty()) {
                    return List.copyOf(styles);
                }
            }
        }
        return model.config().styles();
    }

    /** The bundled training split of {@link #stylesOf}{@code (model)}, a prompt drawn per use, as training sees it. */
    public static TrainingExamples of(UnetModel model) {
        List<EmojiStyle> styles = stylesOf(model);
        EmojiDataset data = EmojiDataset.loadBundled(model.config().imageSize(), styles.toArray(EmojiStyle[]::new));
        return UnetTraining.examples(data, model.config().imageSize(), styles);
    }
}
