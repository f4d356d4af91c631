package dev.tessera.generation.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The artwork styles Tessera imports; each one is a separate training condition. */
public enum EmojiStyle {
    GOOGLE("google", "emoji-datasource-google", "Noto Emoji", "Google Inc.", "Apache-2.0",
            "https://www.apache.org/licenses/LICENSE-2.0", "https://github.com/googlefonts/noto-emoji"),
    TWITTER("twitter", "emoji-datasource-twitter", "Twemoji", "Twitter, Inc and other contributors", "CC-BY-4.0",
            "https://creativecommons.org/licenses/by/4.0/", "https://github.com/jdecked/twemoji");

    private final String id;
    private final String npmPackage;
    private final String artworkName;
    private final String copyrightHolder;
    private final String licence;
    private final String licenceUrl;
    private final String artworkUrl;

    EmojiStyle(String id, String npmPackage, String artworkName, String copyrightHolder, String licence,
            String licenceUrl, String artworkUrl) {
        this.id = id;
        this.npmPackage = npmPackage;
        this.artworkName = artworkName;
        this.copyrightHolder = copyrightHolder;
        this.licence = licence;
        this.licenceUrl = licenceUrl;
        this.artworkUrl = artworkUrl;
    }

    /** The lower-case name used on the command line, in file names and in emoji.json ({@code has_img_<id>}). */
    public String id() {
        return id;
    }

    public String npmPackage() {
        return npmPackage;
    }

    public String artworkName() {
        return artworkName;
    }

    public String copyrightHolder() {
        return copyrightHolder;
    }

    /** SPDX identifier of the artwork licence. */
    public String licence() {
        return licence;
    }

    public String licenceUrl() {
        return licenceUrl;
    }

    public String artworkUrl() {
        return artworkUrl;
    }

    /** Parses a style id case-insensitively; an unknown id is an {@link IllegalArgumentException} listing the known ones. */
    public static EmojiStyle parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (EmojiStyle style : values()) {
            if (style.id.equals(wanted)) {
                return style;
            }
        }
        throw new IllegalArgumentException("unknown emoji style '" + text + "'; known styles: "
                + Arrays.stream(values()).map(EmojiStyle::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
