package dev.tessera.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The controls of a {@link ClipPlayer}: play/pause, the frame scrubber and the playback fps. Ids start
 * with {@code prefix} ({@code <prefix>-play}, {@code -frame}, {@code -fps}, {@code -frame-label}).
 */
public final class ClipPlayerBar {

    private ClipPlayerBar() {}

    /** The controls in one row, disabled while {@code busy} (a clip being made plays when it is done). */
    public static HBox of(ClipPlayer player, String prefix, ObservableBooleanValue busy) {
        HBox bar = new HBox(8);
        bar.getChildren().addAll(controls(player, prefix, busy));
        bar.setId(prefix + "-player");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /** The controls in two rows (play and scrubber; frame number and fps), for a narrow pane. */
    public static VBox twoRows(ClipPlayer player, String prefix, ObservableBooleanValue busy) {
        List<Node> controls = controls(player, prefix, busy);
        HBox top = new HBox(8, controls.get(0), controls.get(1));
        HBox bottom = new HBox(8, controls.get(2), controls.get(3), controls.get(4));
        top.setAlignment(Pos.CENTER_LEFT);
        bottom.setAlignment(Pos.CENTER_LEFT);
        VBox bar = new VBox(6, top, bottom);
        bar.setId(prefix + "-player");
        return bar;
    }

    /** Play/pause, scrubber, frame label, fps spinner, its label. */
    private static List<Node> controls(ClipPlayer player, String prefix, ObservableBooleanValue busy) {
        Button play = new Button();
        play.setId(prefix + "-play");
        play.textProperty().bind(Bindings.when(player.playingProperty()).then("Pause").otherwise("Play"));
        play.setTooltip(new Tooltip("Play the clip in a loop, or pause it"));
        play.disableProperty().bind(Bindings.createBooleanBinding(() -> busy.get() || player.frameCountProperty().get() < 2,
                busy, player.frameCountProperty()));
        play.setOnAction(e -> player.playingProperty().set(!player.playingProperty().get()));
        play.setMinWidth(Region.USE_PREF_SIZE);
        play.setPrefWidth(70);

        Slider scrubber = new Slider(0, 0, 0);
        scrubber.setId(prefix + "-frame");
        scrubber.setBlockIncrement(1);
        scrubber.setMajorTickUnit(1);
        scrubber.setMinorTickCount(0);
        scrubber.setSnapToTicks(true);
        scrubber.maxProperty().bind(Bindings.max(0, player.frameCountProperty().subtract(1)));
        scrubber.disableProperty().bind(play.disableProperty());
        scrubber.valueProperty().addListener((obs, old, now) -> {
            int wanted = (int) Math.round(now.doubleValue());
            if (wanted != player.frameProperty().get()) {
                player.playingProperty().set(false); // scrubbing holds the frame
                player.frameProperty().set(wanted);
            }
        });
        player.frameProperty().addListener((obs, old, now) -> scrubber.setValue(now.intValue()));
        HBox.setHgrow(scrubber, Priority.ALWAYS);

        Label frame = new Label();
        frame.setId(prefix + "-frame-label");
        frame.textProperty().bind(Bindings.createStringBinding(() -> player.frameCountProperty().get() == 0 ? ""
                : "Frame " + (player.frameProperty().get() + 1) + " of " + player.frameCountProperty().get(),
                player.frameProperty(), player.frameCountProperty()));
        frame.setMinWidth(Region.USE_PREF_SIZE);

        Spinner<Integer> fps = new Spinner<>();
        fps.setId(prefix + "-fps");
        SpinnerValueFactory.IntegerSpinnerValueFactory values = new SpinnerValueFactory.IntegerSpinnerValueFactory(
                ClipPlayer.MIN_FPS, ClipPlayer.MAX_FPS, player.fpsProperty().get());
        fps.setValueFactory(values);
        fps.setEditable(true);
        fps.setPrefWidth(76);
        fps.setMinWidth(Region.USE_PREF_SIZE);
        fps.setTooltip(new Tooltip("Playback speed in frames per second; exported files keep the clip's own fps"));
        values.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                player.fpsProperty().set(now);
            }
        });
        player.fpsProperty().addListener((obs, old, now) -> values.setValue(now.intValue()));
        Label fpsLabel = new Label("fps");
        fpsLabel.setLabelFor(fps);
        fpsLabel.setMinWidth(Region.USE_PREF_SIZE);
        return List.of(play, scrubber, frame, fps, fpsLabel);
    }
}
