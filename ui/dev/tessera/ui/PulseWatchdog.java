package dev.tessera.ui;

import javafx.animation.AnimationTimer;

/**
 * Measures how responsive the FX thread is: the longest gap between two animation pulses while it
 * runs. A busy FX thread delays pulses, so a long gap means the window froze for that long.
 */
public final class PulseWatchdog {

    private long last;
    private long maxGapNanos;
    private long pulses;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            long nanos = System.nanoTime(); // the pulse's own timestamp is its planned time, not when it ran
            if (last != 0) {
                maxGapNanos = Math.max(maxGapNanos, nanos - last);
            }
            last = nanos;
            pulses++;
        }
    };

    /** Starts measuring; call on the FX thread. */
    public void start() {
        last = 0;
        maxGapNanos = 0;
        pulses = 0;
        timer.start();
    }

    /** Stops measuring; call on the FX thread. */
    public void stop() {
        timer.stop();
    }

    public double maxGapMillis() {
        return maxGapNanos / 1e6;
    }

    public long pulses() {
        return pulses;
    }
}
