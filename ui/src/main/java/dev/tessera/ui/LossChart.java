package dev.tessera.ui;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;

/**
 * A live loss curve over a view model's list of {@link LossPoint}s: points are drawn as the list grows and the
 * line is cleared when the list is (a new run). Used by the pages that train (Compress's distillation, Ensembles).
 */
public final class LossChart {

    private LossChart() {}

    /** A chart with the id {@code id}, the loss named {@code lossLabel} on the vertical axis. */
    public static LineChart<Number, Number> of(String id, String lossLabel, ObservableList<LossPoint> losses) {
        NumberAxis steps = new NumberAxis();
        steps.setLabel("step");
        steps.setForceZeroInRange(false);
        NumberAxis loss = new NumberAxis();
        loss.setLabel(lossLabel);
        loss.setForceZeroInRange(false);
        LineChart<Number, Number> chart = new LineChart<>(steps, loss);
        chart.setId(id);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(false);
        chart.setPrefHeight(260);
        XYChart.Series<Number, Number> line = new XYChart.Series<>();
        chart.getData().add(line);
        losses.forEach(p -> line.getData().add(new XYChart.Data<>(p.step(), p.loss())));
        losses.addListener((ListChangeListener<LossPoint>) change -> {
            while (change.next()) {
                if (change.wasRemoved() && losses.isEmpty()) {
                    line.getData().clear();
                }
                change.getAddedSubList().forEach(p -> line.getData().add(new XYChart.Data<>(p.step(), p.loss())));
            }
        });
        return chart;
    }
}
