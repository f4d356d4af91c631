package dev.tessera.generation.data;

import java.nio.charset.StandardCharsets;

/**
 * The attribution text shipped beside a derived set. The npm packages ship only the MIT licence of
 * the emoji-data project (which covers emoji.json), not the artwork licence, so the artwork part is
 * the standard attribution with licence name and URL, and the shipped licence is quoted after it.
 */
final class EmojiLicenceNotice {

    private EmojiLicenceNotice() {
    }

    static String fileName(EmojiStyle style) {
        return "emoji-" + style.id() + "-LICENSE.txt";
    }

    static byte[] text(EmojiStyle style, String source, byte[] shippedLicence) {
        StringBuilder text = new StringBuilder();
        text.append("Emoji artwork: ").append(style.artworkName()).append(" (").append(style.artworkUrl()).append(")\n");
        text.append("Copyright ").append(style.copyrightHolder()).append(".\n");
        text.append("Licensed under ").append(style.licence()).append(": ").append(style.licenceUrl()).append('\n');
        if (style == EmojiStyle.GOOGLE) {
            text.append("The full licence text is in LICENSE-Apache-2.0.txt in this folder.\n");
        }
        text.append("\nTaken from the npm package ").append(source).append(" (images in img/").append(style.id())
                .append("/64/).\nChanged by Tessera: alpha composited on white and downsampled by area averaging;\n")
                .append("see NOTICE.md and docs/data.md.\n");
        if (shippedLicence != null) {
            text.append("\nThe emoji metadata (names, short names, categories from emoji.json) comes from\n")
                    .append("emoji-data (https://github.com/iamcal/emoji-data); the package ships this licence:\n\n")
                    .append(new String(shippedLicence, StandardCharsets.UTF_8).strip()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
