package dev.tessera.app.settings;

/** Where the main window was and how big, so it reopens the same way. */
public record WindowBounds(double x, double y, double width, double height, boolean maximized) {

    public static final double MIN_WIDTH = 640;
    public static final double MIN_HEIGHT = 480;

    /** Bounds too small to use (a hand-edited or broken file) are raised to the minimum. */
    public WindowBounds {
        width = Math.max(MIN_WIDTH, finiteOr(width, 1280));
        height = Math.max(MIN_HEIGHT, finiteOr(height, 800));
        x = finiteOr(x, 0);
        y = finiteOr(y, 0);
    }

    private static double finiteOr(double value, double fallback) {
        return Double.isFinite(value) ? value : fallback;
    }
}
