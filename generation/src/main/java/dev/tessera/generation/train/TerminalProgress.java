package dev.tessera.generation.train;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar (me.tongfei:progressbar) with loss, steps/s and ETA. */
public final class TerminalProgress implements ProgressListener {

    private final String taskName;
    private ProgressBar bar;

    public TerminalProgress(String taskName) {
        this.taskName = taskName;
    }

    @Override
    public void started(long fromStep, long totalSteps) {
        bar = new ProgressBarBuilder()
                .setTaskName(taskName)
                .setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" steps", 1)
                .setMaxRenderedLength(120)
                .setSpeedUnit(ChronoUnit.SECONDS)
                .showSpeed()
                .setUpdateIntervalMillis(500)
                .startsFrom(fromStep, Duration.ZERO)
                .build();
    }

    @Override
    public void stepDone(long stepsDone, float loss, double learningRate) {
        bar.stepTo(stepsDone);
        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f lr %.2e", loss, learningRate));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
