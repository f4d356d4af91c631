package dev.tessera.generation.data;

import dev.tessera.generation.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports an emoji-datasource npm package (tarball or unpacked folder) into a derived
 * {@code emoji-<style>-<size>.bin} plus its licence file.
 *
 * <p>Images and metadata must agree exactly: an emoji.json entry that claims art in the style
 * ({@code has_img_<style>}) but whose file is missing, and an image file that no entry names, both
 * fail the import, since either means the package is damaged or mixed up. Entries without art in the
 * style are skipped. Nothing is written unless every image was processed.
 */
public final class EmojiImporter {

    public static final int DEFAULT_SIZE = 32;

    private EmojiImporter() {
    }

    /** Reads and processes a package in memory, without writing anything. */
    public static EmojiSet derive(Path packagePath, EmojiStyle style, int size) {
        EmojiImageProcessor.requireValidSize(size);
        EmojiPackageContents contents = EmojiPackageReader.read(packagePath, style);
        String source = EmojiMetadataParser.packageId(contents.packageJson(), contents.location());
        return derive(contents, style, size, source);
    }

    /** Derives the set and writes it and its licence file atomically into {@code outputFolder}. */
    public static EmojiImportResult importPackage(Path packagePath, EmojiStyle style, int size, Path outputFolder) {
        EmojiImageProcessor.requireValidSize(size);
        EmojiPackageContents contents = EmojiPackageReader.read(packagePath, style);
        String source = EmojiMetadataParser.packageId(contents.packageJson(), contents.location());
        EmojiSet set = derive(contents, style, size, source);
        Path dataFile = outputFolder.resolve(set.fileName());
        Path licenceFile = outputFolder.resolve(EmojiLicenceNotice.fileName(style));
        try {
            AtomicFiles.write(dataFile, out -> EmojiDataFile.write(set, out));
            AtomicFiles.write(licenceFile, EmojiLicenceNotice.text(style, source, contents.licence()));
            return new EmojiImportResult(set, dataFile, Files.size(dataFile), licenceFile);
        } catch (IOException e) {
            throw new DataImportException(dataFile + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static EmojiSet derive(EmojiPackageContents contents, EmojiStyle style, int size, String source) {
        List<EmojiItem> items = EmojiMetadataParser.parse(contents.emojiJson(), style, contents.location());
        Map<String, byte[]> images = contents.images();
        String folder = contents.location() + "!package/" + EmojiPackageContents.imageFolder(style);
        Set<String> named = new HashSet<>();
        for (EmojiItem item : items) {
            if (!named.add(item.image())) {
                throw new DataImportException(contents.location() + "!package/emoji.json: image " + item.image()
                        + " is named by more than one entry");
            }
            if (!images.containsKey(item.image())) {
                throw new DataImportException(folder + item.image() + ": missing, but emoji.json lists it for "
                        + item.promptTexts().get(0) + " (" + item.unified() + ")");
            }
        }
        for (String image : images.keySet()) {
            if (!named.contains(image)) {
                throw new DataImportException(folder + image + ": image file is not named by any emoji.json entry with "
                        + "has_img_" + style.id() + " = true");
            }
        }
        EmojiImageProcessor processor = new EmojiImageProcessor(EmojiPackageReader.SOURCE_IMAGE_SIZE, size);
        byte[] pixels = new byte[Math.multiplyExact(items.size(), size * size * 3)];
        for (int i = 0; i < items.size(); i++) {
            String image = items.get(i).image();
            processor.process(images.get(image), folder + image, pixels, i * size * size * 3);
        }
        return new EmojiSet(style, size, source, style.licence(), items, pixels);
    }
}
