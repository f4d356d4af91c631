package dev.tessera.ui.compress;

import dev.tessera.compression.prune.Contribution;
import dev.tessera.generation.acdit.model.LayerPart;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The contribution analysis as it fills in: the ε-error of removing each part plotted against the
 * layer's position (one line per kind of part) and the same numbers in a table.
 */
final class ContributionPane {

    private final LineChart<Number, Number> chart;
    private final Map<LayerPart, XYChart.Series<Number, Number>> series = new EnumMap<>(LayerPart.class);
    private final TableView<Contribution> table = new TableView<>();
    private final HBox root;

    ContributionPane(ObservableList<Contribution> contributions) {
        NumberAxis position = new NumberAxis();
        position.setLabel("layer (position; later layers go first)");
        position.setAutoRanging(false); // whole layers on the axis: the position is a layer's index
        position.setLowerBound(0);
        position.setUpperBound(1);
        position.setTickUnit(1);
        position.setMinorTickVisible(false);
        NumberAxis error = new NumberAxis();
        error.setLabel("ε-error without the part (quality drop)");
        chart = new LineChart<>(position, error);
        chart.setId("compress-contribution-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(true);
        for (LayerPart part : LayerPart.values()) {
            XYChart.Series<Number, Number> line = new XYChart.Series<>();
            line.setName(part.name().toLowerCase(Locale.ROOT));
            series.put(part, line);
            chart.getData().add(line);
        }
        table.setId("compress-contribution-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("The analysis removes each part of each layer in turn."));
        table.getColumns().add(column("Part", c -> c.part().label()));
        table.getColumns().add(column("Parameters", c -> String.format(Locale.ROOT, "%,d", c.parametersSaved())));
        table.getColumns().add(column("ε-error", c -> String.format(Locale.ROOT, "%.5f", c.epsilonError())));
        SortedList<Contribution> sorted = new SortedList<>(contributions);
        sorted.comparatorProperty().bind(table.comparatorProperty()); // a header click sorts the view, not the list
        table.setItems(sorted);
        contributions.forEach(this::plot);
        contributions.addListener((ListChangeListener<Contribution>) change -> {
            while (change.next()) {
                if (change.wasRemoved() && contributions.isEmpty()) {
                    series.values().forEach(s -> s.getData().clear());
                }
                change.getAddedSubList().forEach(this::plot);
            }
        });
        HBox.setHgrow(chart, Priority.ALWAYS);
        table.setPrefWidth(380);
        root = new HBox(12, chart, table);
    }

    private void plot(Contribution c) {
        NumberAxis position = (NumberAxis) chart.getXAxis();
        position.setUpperBound(Math.max(position.getUpperBound(), c.part().layer()));
        series.get(c.part().part()).getData().add(new XYChart.Data<>(c.part().layer(), c.epsilonError()));
    }

    /** The points plotted for a kind of part, for tests. */
    int points(LayerPart part) {
        return series.get(part).getData().size();
    }

    Node root() {
        return root;
    }

    private static TableColumn<Contribution, String> column(String title, Function<Contribution, String> value) {
        TableColumn<Contribution, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setSortable(true);
        return column;
    }
}
