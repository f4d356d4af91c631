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
    private long started;
    private long worstAt;
    private long lastCpu;
    private long worstGapCpu;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            long nanos = System.nanoTime(); // the pulse's own timestamp is its planned time, not when it ran
            long cpu = THREADS.getCurrentThreadCpuTime();
            if (last != 0 && nanos - last > maxGapNanos) {
                maxGapNanos = nanos - last;
                worstAt = nanos - started;
                worstGapCpu = cpu - lastCpu;
            }
            last = nanos;
            lastCpu = cpu;
            pulses++;
        }
    };

    /** Starts measuring; call on the FX thread. */
    public void start() {
        last = 0;
        maxGapNanos = 0;
        pulses = 0;
        started = System.nanoTime();
        timer.start();
    }

    /** Stops measuring; call on the FX thread. */
    public void stop() {
        timer.stop();
    }

    public double maxGapMillis() {
        return maxGapNanos / 1e6;
    }

    /** When the worst gap ended, in milliseconds after {@link #start()}. */
    public double worstAtMillis() {
        return worstAt / 1e6;
    }

    /**
     * CPU time the FX thread itself used during the worst gap: close to the gap means our code kept it
     * busy; much smaller means it was waiting (for the CPU, a lock, or the renderer).
     */
    public double worstGapCpuMillis() {
        return worstGapCpu / 1e6;
    }

    public long pulses() {
        return pulses;
    }
}
