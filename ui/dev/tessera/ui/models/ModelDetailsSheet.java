package dev.tessera.ui.models;

import dev.tessera.app.models.ModelDetails;
import java.util.List;
import java.util.Optional;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.PropertyEditor;

/** A model's details in a ControlsFX property sheet: read-only, grouped File → Config → Provenance → Metrics. */
final class ModelDetailsSheet {

    static final String FILE = "File";
    static final String CONFIG = "Architecture (config)";
    static final String PROVENANCE = "Provenance";
    static final String METRICS = "Measured metrics";
    static final String OTHER = "Other metadata";
    private static final List<String> ORDER = List.of(FILE, CONFIG, PROVENANCE, METRICS, OTHER);

    private final PropertySheet sheet = new PropertySheet();

    ModelDetailsSheet() {
        sheet.setId("model-details");
        sheet.setMode(PropertySheet.Mode.CATEGORY);
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(true);
        sheet.setCategoryComparator((a, b) -> Integer.compare(ORDER.indexOf(a), ORDER.indexOf(b)));
        sheet.setPropertyEditorFactory(ReadOnlyEditor::new);
    }

    Node node() {
        return sheet;
    }

    PropertySheet sheet() {
        return sheet;
    }

    void show(ModelDetails details) {
        sheet.getItems().setAll(items(FILE, details.file()));
        sheet.getItems().addAll(items(CONFIG, details.config()));
        sheet.getItems().addAll(items(PROVENANCE, details.provenance()));
        sheet.getItems().addAll(items(METRICS, details.metrics()));
        sheet.getItems().addAll(items(OTHER, details.other()));
    }

    void clear() {
        sheet.getItems().clear();
    }

    private static List<PropertySheet.Item> items(String category, List<ModelDetails.Entry> entries) {
        return entries.stream().<PropertySheet.Item>map(e -> new EntryItem(category, e)).toList();
    }

    /** One metadata entry as a read-only property. */
    record EntryItem(String category, ModelDetails.Entry entry) implements PropertySheet.Item {
        @Override public Class<?> getType() { return String.class; }
        @Override public String getCategory() { return category; }
        @Override public String getName() { return entry.name(); }
        @Override public String getDescription() { return entry.description(); }
        @Override public Object getValue() { return entry.value(); }
        @Override public void setValue(Object value) { throw new UnsupportedOperationException("read-only"); }
        @Override public Optional<ObservableValue<? extends Object>> getObservableValue() { return Optional.empty(); }
        @Override public boolean isEditable() { return false; }
    }

    /** Shows the value as selectable-looking text rather than a greyed-out disabled field. */
    private static final class ReadOnlyEditor implements PropertyEditor<Object> {
        private final Label label = new Label();

        ReadOnlyEditor(PropertySheet.Item item) {
            label.setText(String.valueOf(item.getValue()));
            label.setWrapText(true);
            label.setTooltip(new Tooltip(String.valueOf(item.getValue())));
            label.setMaxWidth(Double.MAX_VALUE);
        }

        @Override public Node getEditor() { return label; }
        @Override public Object getValue() { return label.getText(); }
        @Override public void setValue(Object value) { label.setText(String.valueOf(value)); }
    }
}
