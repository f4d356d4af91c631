package dev.tessera.generation.data;

import java.util.Collections;
import java.util.SortedMap;

/**
 * What an import needs from an emoji-datasource package, read into memory.
 *
 * @param location    the tarball or folder, for error messages
 * @param emojiJson   bytes of {@code package/emoji.json}
 * @param packageJson bytes of {@code package/package.json}, or {@code null} when absent
 * @param licence     bytes of the {@code package/LICENSE} the package ships, or {@code null}
 * @param images      image file name (e.g. {@code 1f44b.png}) to PNG bytes, from {@code img/<style>/64/}, sorted by name
 */
record EmojiPackageContents(String location, byte[] emojiJson, byte[] packageJson, byte[] licence,
        SortedMap<String, byte[]> images) {

    EmojiPackageContents {
        images = Collections.unmodifiableSortedMap(images);
    }

    /** Where a package keeps the 64×64 images of a style, relative to the package root. */
    static String imageFolder(EmojiStyle style) {
        return "img/" + style.id() + "/" + EmojiPackageReader.SOURCE_IMAGE_SIZE + "/";
    }
}
