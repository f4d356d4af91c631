package dev.tessera.generation.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a package's {@code emoji.json} into the items of one style: every emoji whose
 * {@code has_img_<style>} is true, followed by its skin-tone variants that have art in that style.
 * Items come out in {@code sort_order}, each base emoji before its variants (sorted by modifier key),
 * so the order never depends on the file's layout.
 */
final class EmojiMetadataParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EmojiMetadataParser() {
    }

    static List<EmojiItem> parse(byte[] emojiJson, EmojiStyle style, String location) {
        String file = location + "!package/emoji.json";
        JsonNode root;
        try {
            root = JSON.readTree(emojiJson);
        } catch (IOException e) {
            throw new DataImportException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new DataImportException(file + ": expected a JSON array of emoji entries");
        }
        String hasImage = "has_img_" + style.id();
        List<EmojiItem> items = new ArrayList<>();
        List<JsonNode> entries = new ArrayList<>();
        root.forEach(entries::add);
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String where = file + ": entry " + i;
            String unified = requiredText(entry, "unified", where);
            int sortOrder = requiredInt(entry, "sort_order", where + " (" + unified + ")");
            List<String> shortNames = new ArrayList<>();
            entry.path("short_names").forEach(n -> shortNames.add(n.asText()));
            String name = entry.path("name").asText("").toLowerCase(Locale.ROOT);
            String category = entry.path("category").asText("");
            String subcategory = entry.path("subcategory").asText("");
            if (entry.path(hasImage).asBoolean(false)) {
                items.add(new EmojiItem(unified, unified, name, shortNames, category, subcategory, "",
                        requiredText(entry, "image", where + " (" + unified + ")"), sortOrder));
            }
            Map<String, JsonNode> variations = new TreeMap<>();
            entry.path("skin_variations").properties().forEach(f -> variations.put(f.getKey(), f.getValue()));
            for (Map.Entry<String, JsonNode> variation : variations.entrySet()) {
                JsonNode v = variation.getValue();
                if (!v.path(hasImage).asBoolean(false)) {
                    continue;
                }
                String variantWhere = where + " (" + unified + ") skin variation " + variation.getKey();
                String skinTone;
                try {
                    skinTone = SkinTone.describe(variation.getKey());
                } catch (IllegalArgumentException e) {
                    throw new DataImportException(variantWhere + ": " + e.getMessage(), e);
                }
                items.add(new EmojiItem(requiredText(v, "unified", variantWhere), unified, name, shortNames, category,
                        subcategory, skinTone, requiredText(v, "image", variantWhere), sortOrder));
            }
        }
        // Stable sort: base first, then variants in key order, as added above.
        items.sort(Comparator.comparingInt(EmojiItem::sortOrder));
        return items;
    }

    /** "name@version" from package.json, or "unknown" when the package has none. */
    static String packageId(byte[] packageJson, String location) {
        if (packageJson == null) {
            return "unknown";
        }
        try {
            JsonNode root = JSON.readTree(packageJson);
            return root.path("name").asText("unknown") + "@" + root.path("version").asText("unknown");
        } catch (IOException e) {
            throw new DataImportException(location + "!package/package.json: not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String requiredText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new DataImportException(where + ": missing text field '" + field + "'");
        }
        return value.asText();
    }

    private static int requiredInt(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new DataImportException(where + ": missing integer field '" + field + "'");
        }
        return value.asInt();
    }
}
