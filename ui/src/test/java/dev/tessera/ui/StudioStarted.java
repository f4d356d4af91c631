package dev.tessera.ui;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Waits, off the FX thread, until a shown studio has listed its models and loaded the chosen one
 * (what it does after its first frame), so a test's clicks meet the Generate button enabled.
 */
final class StudioStarted {

    private StudioStarted() {}

    static void await(Studio studio) throws TimeoutException {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, studio::started);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
