package dev.tessera.ui.generate;

import atlantafx.base.theme.Styles;
import dev.tessera.app.generate.EnsembleRouting;
import dev.tessera.app.generate.RenderLane;
import dev.tessera.ensemble.afa.RoutingColours;
import dev.tessera.ensemble.afa.RoutingSheet;
import dev.tessera.ensemble.afa.RoutingTrace;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.ui.FxImages;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Slider;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Which expert of an AFA ensemble drew where, over one image of an ensemble render: the image, a choice of
 * aggregation point, a slider over the denoising steps, the weight map of that point and step (white = equal
 * weights, blue = the first expert, orange = the second) and each expert's mean weight there. The recipe is
 * rendered again with the routing recorded, on the render lane; the same seed gives the same pixels, and the
 * window says whether the re-render matched the image shown.
 */
public final class RoutingView {

    static final int MAP_SIDE = 256;
    private static final int IMAGE_SIDE = 256;

    private final Stage stage = new Stage();
    private final GeneratedImage image;
    private final ComboBox<String> point = new ComboBox<>();
    private final Slider step = new Slider(0, 0, 0);
    private final Label stepLabel = new Label();
    private final ImageView map = new ImageView();
    private final VBox means = new VBox(4);
    private final Label status = new Label("Rendering the recipe again with the routing recorded…");
    private final ProgressIndicator working = new ProgressIndicator();
    private final Label legendNames = new Label();
    /** The names of {@link RoutingColours}' expert colours, in order. */
    private static final List<String> COLOUR_NAMES = List.of("blue", "orange", "green", "red", "purple");
    private final CancellationToken token = new CancellationToken();
    private RoutingTrace trace;

    private RoutingView(Window owner, GeneratedImage image) {
        this.image = image;
        stage.initOwner(owner);
        stage.setTitle("Routing — " + image.recipe().prompt() + " (seed " + image.recipe().seed() + ")");
        BorderPane root = new BorderPane();
        root.setId("routing-view");
        root.setPadding(new Insets(16));
        root.setLeft(picture());
        root.setCenter(controls());
        root.setBottom(status);
        BorderPane.setMargin(status, new Insets(12, 0, 0, 0));
        status.setId("routing-status");
        status.setWrapText(true);
        Scene scene = new Scene(root, 860, 540);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        stage.setOnHidden(e -> token.cancel());
    }

    /**
     * Opens the view over {@code image}, rendered from the ensemble file {@code ensemble}, and starts its
     * recording render on {@code lane}.
     */
    public static RoutingView open(Window owner, RenderLane lane, Path ensemble, GeneratedImage image) {
        RoutingView view = new RoutingView(owner, image);
        view.stage.show();
        view.record(lane, ensemble);
        return view;
    }

    private VBox picture() {
        ImageView view = new ImageView(FxImages.fitting(image.chw(), IMAGE_SIDE));
        view.setId("routing-image");
        view.setSmooth(false);
        Label caption = new Label(image.recipe().prompt() + " · " + image.recipe().style() + " · seed "
                + image.recipe().seed());
        caption.getStyleClass().add("muted");
        VBox box = new VBox(8, view, caption);
        box.setPadding(new Insets(0, 16, 0, 0));
        return box;
    }

    private VBox controls() {
        point.setId("routing-point");
        point.setMaxWidth(Double.MAX_VALUE);
        step.setId("routing-step");
        step.setBlockIncrement(1);
        step.setMajorTickUnit(1);
        step.setMinorTickCount(0);
        step.setSnapToTicks(true);
        stepLabel.setId("routing-step-label");
        map.setId("routing-map");
        map.setSmooth(false);
        means.setId("routing-means");
        point.setDisable(true);
        step.setDisable(true);
        point.valueProperty().addListener((obs, old, now) -> refresh());
        step.valueProperty().addListener((obs, old, now) -> refresh());
        Label pointLabel = new Label("Aggregation point");
        pointLabel.setLabelFor(point);
        Label stepTitle = new Label("Denoising step");
        stepTitle.setLabelFor(step);
        HBox mapAndMeans = new HBox(16, new VBox(6, map, legend()), means);
        VBox box = new VBox(8, pointLabel, point, stepTitle, step, stepLabel, mapAndMeans, working);
        working.setMaxSize(32, 32);
        return box;
    }

    /** Colour key: a bar from the first expert's colour through white to the second's (named once known). */
    private VBox legend() {
        BufferedImage bar = new BufferedImage(MAP_SIDE, 12, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < MAP_SIDE; x++) {
            int rgb = RoutingColours.ofFirst(1 - (float) x / (MAP_SIDE - 1));
            for (int y = 0; y < 12; y++) {
                bar.setRGB(x, y, rgb);
            }
        }
        legendNames.setId("routing-legend");
        legendNames.setWrapText(true);
        legendNames.setMaxWidth(MAP_SIDE);
        legendNames.setMinHeight(Region.USE_PREF_SIZE);
        legendNames.getStyleClass().add("muted");
        return new VBox(4, new ImageView(FxImages.of(bar, 1)), legendNames);
    }

    private void record(RenderLane lane, Path ensemble) {
        int index = image.recipe().batch().index();
        Task<EnsembleRouting.Routed> task = new Task<>() {
            @Override
            protected EnsembleRouting.Routed call() throws Exception {
                // The whole batch again: batched arithmetic rounds differently from an image alone.
                return EnsembleRouting.render(ensemble, image.recipe().batchRequest(), token);
            }
        };
        task.setOnSucceeded(e -> show(task.getValue(), index));
        task.setOnFailed(e -> {
            working.setVisible(false);
            Throwable error = task.getException();
            status.setText("Could not record the routing: " + (error == null ? "unknown error" : error.getMessage()));
        });
        lane.execute("Routing: " + image.recipe().prompt(), task);
    }

    private void show(EnsembleRouting.Routed routed, int index) {
        working.setVisible(false);
        working.setManaged(false);
        trace = routed.trace().image(index);
        float[] again = routed.images().get(index);
        status.setText(Arrays.equals(again, image.chw())
                ? "Recorded while rendering the recipe again: the same pixels as the image shown."
                : String.format(Locale.ROOT, "Recorded while rendering the recipe again, but the pixels differ from the"
                        + " image shown (largest difference %.3g): the routing is that of the re-render.",
                        largestDifference(again, image.chw())));
        StringBuilder key = new StringBuilder();
        for (int e = 0; e < trace.experts().size(); e++) {
            key.append(COLOUR_NAMES.get(e % COLOUR_NAMES.size())).append(": ").append(trace.experts().get(e)).append(" · ");
        }
        legendNames.setText(key + "white: equal weights");
        List<String> names = trace.points().stream().map(this::pointLabel).toList();
        point.getItems().setAll(names);
        step.setMax(trace.steps().size() - 1);
        point.setDisable(false);
        step.setDisable(trace.steps().size() < 2);
        point.getSelectionModel().select(0);
        step.setValue(0);
        refresh();
    }

    private String pointLabel(String name) {
        return name + " (" + trace.steps().get(0).maps().get(trace.points().indexOf(name)).size() + " px)";
    }

    /** Shows the chosen point's map at the chosen step and each expert's mean weight there. */
    private void refresh() {
        int k = point.getSelectionModel().getSelectedIndex();
        if (trace == null || k < 0) {
            return;
        }
        int s = (int) Math.round(step.getValue());
        RoutingTrace.Step shown = trace.steps().get(s);
        RoutingTrace.PointMap weights = shown.maps().get(k);
        stepLabel.setText(String.format(Locale.ROOT, "Step %d of %d · t = %.0f", s + 1, trace.steps().size(),
                shown.timestep()));
        map.setImage(FxImages.of(RoutingSheet.heatMap(weights, MAP_SIDE), 1));
        double[] mean = new double[weights.experts()];
        int pixels = weights.size() * weights.size();
        for (int e = 0; e < mean.length; e++) {
            for (int y = 0; y < weights.size(); y++) {
                for (int x = 0; x < weights.size(); x++) {
                    mean[e] += weights.weight(0, e, y, x);
                }
            }
            mean[e] /= pixels;
        }
        means.getChildren().setAll(new Label("Mean weight here"));
        for (int e = 0; e < mean.length; e++) {
            Label label = new Label(String.format(Locale.ROOT, "%.1f %%  %s", 100 * mean[e], trace.experts().get(e)));
            label.setMinWidth(Region.USE_PREF_SIZE);
            label.setId("routing-mean-" + e);
            label.setStyle(String.format("-fx-text-fill: #%06x;", RoutingColours.expert(e)));
            label.getStyleClass().add(Styles.TEXT_BOLD);
            means.getChildren().add(label);
        }
    }

    private static double largestDifference(float[] a, float[] b) {
        double largest = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            largest = Math.max(largest, Math.abs(a[i] - b[i]));
        }
        return largest;
    }

    Stage stage() {
        return stage;
    }
}
