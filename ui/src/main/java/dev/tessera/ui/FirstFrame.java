package dev.tessera.ui;

import javafx.animation.AnimationTimer;

/**
 * Runs work on the FX thread once the window's first frame is on the screen: JavaFX starts a pulse
 * only after the previous one's frame has been rendered, so the second pulse after {@link #then}
 * comes after the first frame. Start-up work that the window does not need to appear (listing
 * models, loading one) waits for this, so it does not compete with the first frame for the cores.
 */
final class FirstFrame {

    /** Pulses to wait for: the one that lays out and renders the first frame, then the next. */
    static final int PULSES = 2;

    private FirstFrame() {}

    /** Runs {@code action} on the FX thread after the next {@value #PULSES} pulses; call on the FX thread. */
    static void then(Runnable action) {
        new AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                if (++pulses >= PULSES) {
                    stop();
                    action.run();
                }
            }
        }.start();
    }
}
