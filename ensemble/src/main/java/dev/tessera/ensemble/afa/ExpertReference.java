package dev.tessera.ensemble.afa;

import java.util.regex.Pattern;

/**
 * One expert as an ensemble file names it: its path relative to the ensemble file's folder (with {@code /})
 * and the SHA-256 of its bytes, so a moved ensemble finds its experts and a changed expert is noticed.
 */
public record ExpertReference(String file, String sha256) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ExpertReference {
        if (file == null || file.isBlank() || file.startsWith("/") || file.contains("\\") || file.contains(":")) {
            throw new IllegalArgumentException("an expert is named by a relative path with '/', was '" + file + "'");
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("expert '" + file + "' needs a SHA-256 of 64 lower-case hex digits, was '"
                    + sha256 + "'");
        }
    }
}
