package dev.tessera.ui.compress;

import dev.tessera.app.compress.Comparison;
import dev.tessera.app.models.ModelDetails;
import dev.tessera.compression.CompressionResult;
import dev.tessera.generation.eval.ImageSet;
import dev.tessera.generation.nn.Int4Runtime;
import dev.tessera.ui.FxImages;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** The comparison: a table of size, memory, speed and quality, and the sample grid of both models. */
final class ComparisonPane {

    private final GridPane table = new GridPane();
    private final GridPane samples = new GridPane();
    private final Label note = new Label();
    private final VBox root = new VBox(12, table, note, samples);

    ComparisonPane() {
        table.setId("compress-comparison-table");
        table.setHgap(24);
        table.setVgap(4);
        samples.setId("compress-samples");
        samples.setHgap(6);
        samples.setVgap(6);
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        show(null);
    }

    Node root() {
        return root;
    }

    void show(Comparison c) {
        table.getChildren().clear();
        samples.getChildren().clear();
        if (c == null) {
            note.setText("Build and compare writes the compressed model (not yet into your models), renders the same"
                    + " prompts and seeds with both models and times them side by side.");
            return;
        }
        row(0, "", "original", "compressed", "");
        row(1, "Parameters", String.format(Locale.ROOT, "%,d", c.original().parameters()),
                String.format(Locale.ROOT, "%,d", c.compressed().parameters()),
                change(c.original().parameters(), c.compressed().parameters()));
        row(2, "File", ModelDetails.formatSize(c.original().fileBytes()), ModelDetails.formatSize(c.compressed().fileBytes()),
                change(c.original().fileBytes(), c.compressed().fileBytes()));
        row(3, "Weights in memory", mb(c.original().weightBytes()), mb(c.compressed().weightBytes()),
                change(c.original().weightBytes(), c.compressed().weightBytes()));
        row(4, "Seconds per image", String.format(Locale.ROOT, "%.3f", c.original().secondsPerImage()),
                String.format(Locale.ROOT, "%.3f", c.compressed().secondsPerImage()),
                String.format(Locale.ROOT, "%.2f×", c.compressed().secondsPerImage() / c.original().secondsPerImage()));
        int r = 5;
        for (CompressionResult.Stage stage : c.stages()) {
            row(r++, "ε-error, " + stage.name(), "0", String.format(Locale.ROOT, "%.5f", stage.epsilonError()), "");
        }
        row(r, "Paired PSNR of the samples", "", c.psnr().finiteCount() == 0 ? "identical"
                : String.format(Locale.ROOT, "%.1f dB (median)", c.psnr().medianDb()),
                c.psnr().identicalCount() + " of " + c.psnr().imageCount() + " identical");
        note.setText(String.format(Locale.ROOT, "%s. INT4 weights %s while measured. Seconds: one image, %d interleaved"
                + " rounds, medians, on this machine as loaded now. ε-error: against the original's noise predictions on"
                + " the calibration set.", c.recipe(), c.runtime() == Int4Runtime.DEQUANTIZE_PER_LAYER
                        ? "kept packed and dequantized per layer" : "dequantized once at load", c.latencyRounds()));
        samples(c.originalImages(), 0, "original");
        samples(c.compressedImages(), 1, "compressed");
    }

    private void samples(ImageSet images, int row, String label) {
        Label name = new Label(label);
        name.setMinWidth(80);
        samples.add(name, 0, row);
        for (int i = 0; i < images.count(); i++) {
            ImageView view = new ImageView(FxImages.fitting(images.image(i), 96));
            view.setId("compress-sample-" + label + "-" + i);
            samples.add(view, i + 1, row);
        }
    }

    private void row(int r, String what, String original, String compressed, String change) {
        Label a = new Label(what);
        Label b = new Label(original);
        Label d = new Label(compressed);
        Label e = new Label(change);
        if (r == 0) {
            a.getStyleClass().add("section-title");
            b.getStyleClass().add("section-title");
            d.getStyleClass().add("section-title");
        }
        e.getStyleClass().add("muted");
        d.setId("compress-cell-" + r);
        table.addRow(r, a, b, d, e);
        GridPane.setMargin(a, new Insets(0, 8, 0, 0));
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }

    private static String change(long before, long after) {
        return String.format(Locale.ROOT, "%+.1f %%", 100.0 * (after - before) / before);
    }
}
