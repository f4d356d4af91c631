package dev.tessera.ui;

import java.util.function.IntFunction;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.image.Image;
import javafx.util.Duration;

/**
 * Plays a clip in place: the frame shown, play/pause (looping), and the playback speed in frames per
 * second. Frames are made on demand from {@code frames} (a clip of 48 enlarged frames would hold tens of
 * megabytes), so only the frame on screen exists as a picture. FX thread only.
 */
public final class ClipPlayer {

    public static final int MIN_FPS = 1;
    public static final int MAX_FPS = 60;

    private final ReadOnlyIntegerWrapper frameCount = new ReadOnlyIntegerWrapper();
    private final IntegerProperty frame = new SimpleIntegerProperty();
    private final BooleanProperty playing = new SimpleBooleanProperty();
    private final IntegerProperty fps = new SimpleIntegerProperty(8);
    private final ObjectProperty<Image> image = new SimpleObjectProperty<>();
    private final Timeline timeline = new Timeline();
    private IntFunction<Image> frames = f -> null;

    public ClipPlayer() {
        timeline.setCycleCount(Animation.INDEFINITE);
        frame.addListener((obs, old, now) -> show());
        fps.addListener((obs, old, now) -> {
            if (now.intValue() < MIN_FPS || now.intValue() > MAX_FPS) {
                fps.set(Math.max(MIN_FPS, Math.min(MAX_FPS, now.intValue())));
                return;
            }
            retime();
        });
        playing.addListener((obs, old, now) -> {
            if (now && frameCount.get() < 2) {
                playing.set(false); // nothing to play
            } else if (now) {
                retime();
            } else {
                timeline.stop();
            }
        });
        retime();
    }

    /** Shows a new clip of {@code count} frames from its first frame, paused. */
    public void load(IntFunction<Image> source, int count, int framesPerSecond) {
        playing.set(false);
        frames = source;
        frameCount.set(count);
        fps.set(framesPerSecond);
        if (frame.get() == 0) {
            show();
        } else {
            frame.set(0);
        }
    }

    /** The clip grew to {@code count} frames while it is made: shows the newest. */
    public void grow(IntFunction<Image> source, int count) {
        frames = source;
        frameCount.set(count);
        if (frame.get() == count - 1) {
            show();
        } else {
            frame.set(count - 1);
        }
    }

    /** Stops playing; from any thread (the studio closes from whichever thread closes it). */
    public void stop() {
        if (Platform.isFxApplicationThread()) {
            playing.set(false);
        } else {
            Platform.runLater(() -> playing.set(false));
        }
    }

    /** No clip. */
    public void clear() {
        playing.set(false);
        frames = f -> null;
        frameCount.set(0);
        frame.set(0);
        image.set(null);
    }

    private void show() {
        int count = frameCount.get();
        image.set(count == 0 ? null : frames.apply(Math.max(0, Math.min(frame.get(), count - 1))));
    }

    private void retime() {
        boolean running = timeline.getStatus() == Animation.Status.RUNNING;
        timeline.stop();
        timeline.getKeyFrames().setAll(new KeyFrame(Duration.seconds(1.0 / fps.get()), e -> next()));
        if (running || playing.get()) {
            timeline.play();
        }
    }

    private void next() {
        int count = frameCount.get();
        if (count > 0) {
            frame.set((frame.get() + 1) % count);
        }
    }

    public ReadOnlyIntegerProperty frameCountProperty() { return frameCount.getReadOnlyProperty(); }
    /** The frame shown, from 0. */
    public IntegerProperty frameProperty() { return frame; }
    public BooleanProperty playingProperty() { return playing; }
    /** Playback speed, {@value #MIN_FPS} to {@value #MAX_FPS} frames per second. */
    public IntegerProperty fpsProperty() { return fps; }
    /** The picture of the frame shown; null without a clip. */
    public ObjectProperty<Image> imageProperty() { return image; }
}
