package dev.tessera.app.generate;

import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.image.SourceImages;
import dev.tessera.generation.text.InvalidPromptException;
import dev.tessera.generation.text.PromptText;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.modelfile.ModelFileException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one set of rules for a request a person types: the Generate form, the queue's forms and the
 * CLI ({@code generate}, {@code queue add}) check their text here, so a value is accepted or refused
 * with the same message everywhere. Every message starts with its field's name.
 *
 * <p>The rules are stricter than {@link GenerationRequest} itself, which takes any seed, any finite
 * guidance ≥ 0 and the empty prompt, so that queue files and recipes written earlier stay readable:
 * <ul>
 *   <li>a prompt is required. The empty prompt is the model's unconditional one, which drops the
 *       style too, so style, guidance and style strength would silently do nothing;</li>
 *   <li>the prompt is normalised as the encoder does it ({@link PromptText}) and may be
 *       {@value #MAX_PROMPT_LENGTH} characters long after that; the negative prompt follows the same
 *       rules but may be empty (no negative prompt);</li>
 *   <li>seeds are 0 or more (random seeds are, and a seed list such as "10-12" reads unambiguously);</li>
 *   <li>guidance is 0 to {@value #MAX_GUIDANCE} and style strength 0 to {@value #MAX_STYLE_STRENGTH}:
 *       the measured useful values are 1.5–5 and 0–1.5 (docs/results/acdit.md), so the limits
 *       leave room to experiment and still catch a slipped digit;</li>
 *   <li>an init picture must be a readable image file; strength is more than 0 and at most 1 (default
 *       {@value InitImage#DEFAULT_STRENGTH}) and kept blocks are whole numbers 0 or more, both only with an
 *       init picture. Whether a block exists depends on the model and is checked when it renders.</li>
 * </ul>
 */
public final class RequestValidation {

    public static final int MAX_PROMPT_LENGTH = PromptText.MAX_LENGTH;
    /** The largest first seed: image i uses seed + i, which must stay a valid seed for every count. */
    public static final long MAX_SEED = Long.MAX_VALUE - (GenerationRequest.MAX_COUNT - 1);
    public static final int MAX_GUIDANCE = 30;
    public static final int MAX_STYLE_STRENGTH = 10;

    /** A plain decimal such as "4", "1.5" or "2e-1"; not "NaN", "Infinity", "4f" or hex. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private RequestValidation() {}

    /** A request's fields, by the names their messages start with. */
    public enum Field {
        PROMPT("Prompt"), STYLE("Style"), SEED("Seed"), STEPS("Steps"), GUIDANCE("Guidance"),
        STYLE_STRENGTH("Style strength"), SAMPLER("Sampler"), COUNT("Count"), NEGATIVE_PROMPT("Negative prompt"),
        INIT_IMAGE("Init image"), STRENGTH("Strength"), KEEP_BLOCKS("Keep blocks"), MODEL("Model"),
        OUTPUT("Output folder");

        private final String label;

        Field(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What is wrong with one field, in a sentence that starts with the field's name. */
    public record Problem(Field field, String message) {}

    /** One field's verdict: its value, or the problem that keeps it from having one. */
    public sealed interface Checked<T> {
        record Valid<T>(T value) implements Checked<T> {}

        record Invalid<T>(Problem problem) implements Checked<T> {}

        /** The message to show, or empty when the field is fine. */
        default Optional<String> message() {
            return this instanceof Invalid<T> invalid ? Optional.of(invalid.problem().message()) : Optional.empty();
        }

        /** The value; an {@link IllegalArgumentException} with the message when the field is invalid. */
        default T orElseThrow() {
            if (this instanceof Valid<T> valid) {
                return valid.value();
            }
            throw new IllegalArgumentException(message().orElseThrow());
        }
    }

    /** A checked request, or every problem that keeps the text from being one. */
    public record Result(Optional<GenerationRequest> request, List<Problem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public List<String> messages() {
            return problems.stream().map(Problem::message).toList();
        }
    }

    /** Checks every field, so that all problems are reported at once, in the order of {@link Field}. */
    public static Result check(RequestText text) {
        Checked<String> prompt = prompt(text.prompt());
        Checked<String> style = style(text.style());
        Checked<Long> seed = seed(text.seed());
        Checked<Integer> steps = steps(text.steps());
        Checked<Double> guidance = guidance(text.guidance());
        Checked<Double> styleStrength = styleStrength(text.styleStrength());
        Checked<SamplerKind> sampler = sampler(text.sampler());
        Checked<Integer> count = count(text.count());
        Checked<String> negativePrompt = negativePrompt(text.negativePrompt());
        Checked<Optional<InitImage>> init = init(text.initImage(), text.strength(), text.keepBlocks());
        List<Problem> problems = new ArrayList<>();
        for (Checked<?> field : List.of(prompt, style, seed, steps, guidance, styleStrength, sampler, count,
                negativePrompt, init)) {
            if (field instanceof Checked.Invalid<?> invalid) {
                problems.add(invalid.problem());
            }
        }
        if (!problems.isEmpty()) {
            return new Result(Optional.empty(), problems);
        }
        return new Result(Optional.of(new GenerationRequest(prompt.orElseThrow(), style.orElseThrow(),
                seed.orElseThrow(), steps.orElseThrow(), guidance.orElseThrow(), styleStrength.orElseThrow(),
                sampler.orElseThrow(), count.orElseThrow(), negativePrompt.orElseThrow(),
                init.orElseThrow().orElse(null))), List.of());
    }

    /**
     * Image to image: the picture (hashed now, so a later change is caught), strength and kept blocks; empty
     * for text to image. Strength and kept blocks without a picture are refused rather than ignored.
     */
    public static Checked<Optional<InitImage>> init(String image, String strength, String keepBlocks) {
        String file = strip(image);
        String s = strip(strength);
        String blocks = strip(keepBlocks);
        if (file.isEmpty()) {
            if (!blocks.isEmpty()) {
                return invalid(Field.KEEP_BLOCKS, "Keep blocks needs an init image to take the blocks from.");
            }
            if (!s.isEmpty()) {
                return invalid(Field.STRENGTH, "Strength needs an init image; without one every step runs.");
            }
            return new Checked.Valid<>(Optional.empty());
        }
        double fraction = InitImage.DEFAULT_STRENGTH;
        if (!s.isEmpty()) {
            if (!DECIMAL.matcher(s).matches()) {
                return invalid(Field.STRENGTH, "Strength must be a number such as 0.6 (got \"" + s + "\").");
            }
            fraction = Double.parseDouble(s);
            if (!(fraction > 0 && fraction <= 1)) {
                return invalid(Field.STRENGTH, "Strength must be more than 0 and at most 1, the fraction of the steps"
                        + " run again (got " + s + ").");
            }
        }
        List<Integer> kept = new ArrayList<>();
        for (String part : blocks.isEmpty() ? new String[0] : blocks.split("[,\\s]+")) {
            Optional<BigInteger> index = wholeNumber(part);
            if (index.isEmpty() || index.get().signum() < 0 || index.get().bitLength() > 16) {
                return invalid(Field.KEEP_BLOCKS, "Keep blocks must be block numbers from 0, e.g. 0,3 (got \""
                        + blocks + "\").");
            }
            kept.add(index.get().intValueExact());
        }
        try {
            InitImage picture = LastPicture.read(Path.of(file));
            return new Checked.Valid<>(Optional.of(new InitImage(picture.file(), picture.sha256(), fraction, kept)));
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            return invalid(Field.INIT_IMAGE, "Init image " + e.getMessage());
        }
    }

    /**
     * The last picture checked, decoded and hashed once: a form checks every field on every key press,
     * and a large picture takes a while to decode. A file whose size or time changed is read again.
     */
    private static final class LastPicture {
        private record Key(Path file, long size, long modified) {}

        private static Key key;
        private static InitImage picture;

        static synchronized InitImage read(Path file) {
            Key now = keyOf(file);
            if (now == null || !now.equals(key)) {
                SourceImages.check(file);
                picture = InitImage.of(file, 1, List.of());
                key = now;
            }
            return picture;
        }

        private static Key keyOf(Path file) {
            try {
                return new Key(file.toAbsolutePath().normalize(), Files.size(file),
                        Files.getLastModifiedTime(file).toMillis());
            } catch (java.io.IOException e) {
                return null; // missing or unreadable: read (and refuse) it every time
            }
        }
    }

    /** The prompt normalised as the encoder reads it (trimmed, whitespace runs collapsed, NFC). */
    public static Checked<String> prompt(String text) {
        try {
            String prompt = PromptText.normalise(text == null ? "" : text);
            return prompt.isEmpty()
                    ? invalid(Field.PROMPT, "Prompt is empty; say what the emoji shows, e.g. \"cat face\".")
                    : new Checked.Valid<>(prompt);
        } catch (InvalidPromptException e) {
            // PromptText's messages begin "prompt is ..." / "prompt contains ...": the field's name.
            String message = e.getMessage();
            return invalid(Field.PROMPT, Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".");
        }
    }

    /**
     * The negative prompt, normalised as the prompt is and under the same limits; empty (or null) is
     * fine and means none.
     */
    public static Checked<String> negativePrompt(String text) {
        try {
            return new Checked.Valid<>(PromptText.normalise(text == null ? "" : text));
        } catch (InvalidPromptException e) {
            // "prompt is too long ..." → "Negative prompt is too long ...".
            return invalid(Field.NEGATIVE_PROMPT, "Negative " + e.getMessage() + ".");
        }
    }

    /** A style id, case-insensitive; the value is the canonical id. */
    public static Checked<String> style(String text) {
        try {
            return new Checked.Valid<>(EmojiStyle.parse(text).id());
        } catch (IllegalArgumentException e) {
            return invalid(Field.STYLE, "Style must be " + oneOf(Arrays.stream(EmojiStyle.values()).map(EmojiStyle::id))
                    + " (got \"" + strip(text) + "\").");
        }
    }

    public static Checked<Long> seed(String text) {
        String t = strip(text);
        Optional<BigInteger> value = wholeNumber(t);
        if (value.isEmpty()) {
            return invalid(Field.SEED, "Seed must be a whole number, e.g. 42 (got \"" + t + "\").");
        }
        if (value.get().signum() < 0) {
            return invalid(Field.SEED, "Seed must be 0 or more (got " + t + ").");
        }
        if (value.get().compareTo(BigInteger.valueOf(MAX_SEED)) > 0) {
            return invalid(Field.SEED, "Seed must be at most " + MAX_SEED + " (got " + t + ").");
        }
        return new Checked.Valid<>(value.get().longValueExact());
    }

    public static Checked<Integer> steps(String text) {
        return wholeBetween(Field.STEPS, text, 1, GenerationRequest.MAX_STEPS);
    }

    public static Checked<Integer> count(String text) {
        return wholeBetween(Field.COUNT, text, 1, GenerationRequest.MAX_COUNT);
    }

    public static Checked<Double> guidance(String text) {
        return decimal(Field.GUIDANCE, text, "0", MAX_GUIDANCE, GenerationRequest.DEFAULT_GUIDANCE);
    }

    public static Checked<Double> styleStrength(String text) {
        return decimal(Field.STYLE_STRENGTH, text, "0 (off)", MAX_STYLE_STRENGTH,
                GenerationRequest.DEFAULT_STYLE_STRENGTH);
    }

    public static Checked<SamplerKind> sampler(String text) {
        try {
            return new Checked.Valid<>(SamplerKind.fromId(text));
        } catch (IllegalArgumentException e) {
            return invalid(Field.SAMPLER, "Sampler must be " + oneOf(Arrays.stream(SamplerKind.values())
                    .map(SamplerKind::id)) + " (got \"" + strip(text) + "\").");
        }
    }

    /**
     * A model file a request may name: it exists and its header is an image model's (ACDiT, U-Net or AFA
     * ensemble) that its loader accepts. Only the header is read, so this is cheap enough for every entry point.
     */
    public static Checked<Path> modelFile(Path file) {
        return modelFile(file, ImageModel::checkHeader);
    }

    /** As {@link #modelFile(Path)}, for commands that need an ACDiT model (benchmarks, evaluation). */
    public static Checked<Path> acditModelFile(Path file) {
        return modelFile(file, AcditModel::checkHeader);
    }

    /** What a model file's header must pass. */
    @FunctionalInterface
    private interface HeaderCheck {
        void check(Path file) throws ModelFileException;
    }

    private static Checked<Path> modelFile(Path file, HeaderCheck headerCheck) {
        if (file == null || file.toString().isBlank()) {
            return invalid(Field.MODEL, "Model is empty; give a model file, e.g. " + DEFAULT_MODEL_HINT + ".");
        }
        if (!Files.isRegularFile(file)) {
            return invalid(Field.MODEL, "Model " + file + (Files.exists(file) ? " is not a file." : " does not exist.")
                    + " Train the default one with ./tessera train --config configs/acdit-default.json, or pass --model.");
        }
        try {
            headerCheck.check(file);
            return new Checked.Valid<>(file);
        } catch (ModelFileException e) {
            return invalid(Field.MODEL, "Model " + e.getMessage());
        }
    }

    private static final String DEFAULT_MODEL_HINT = "assets/models/acdit-default.safetensors";
    /** Folders of the operating system's own, where no image belongs. */
    private static final List<Path> SYSTEM_FOLDERS = List.of(Path.of("/proc"), Path.of("/dev"), Path.of("/sys"));

    /**
     * A folder images can be written into: named, not a file, not a system folder, and writable, or
     * creatable below the nearest folder that exists. Nothing is created here.
     */
    public static Checked<Path> outputFolder(Path folder) {
        if (folder == null || folder.toString().isBlank()) {
            return invalid(Field.OUTPUT, "Output folder is empty; name a folder, e.g. out/.");
        }
        Path absolute = folder.toAbsolutePath().normalize();
        if (SYSTEM_FOLDERS.stream().anyMatch(absolute::startsWith)) {
            return invalid(Field.OUTPUT, "Output folder " + folder + " is a system folder; name a folder of your own.");
        }
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            return invalid(Field.OUTPUT, "Output folder " + folder + " is a file, not a folder; name a folder.");
        }
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return invalid(Field.OUTPUT, "Output folder " + folder + " cannot be created: " + existing
                    + " is a file, not a folder.");
        }
        if (!Files.isWritable(existing)) {
            return invalid(Field.OUTPUT, "Output folder " + folder + (existing.equals(absolute) ? " is not writable."
                    : " cannot be created: " + existing + " is not writable."));
        }
        return new Checked.Valid<>(folder);
    }

    private static Checked<Integer> wholeBetween(Field field, String text, int min, int max) {
        String t = strip(text);
        Optional<BigInteger> value = wholeNumber(t);
        if (value.isEmpty()) {
            return invalid(field, field.label() + " must be a whole number between " + min + " and " + max
                    + " (got \"" + t + "\").");
        }
        if (value.get().compareTo(BigInteger.valueOf(min)) < 0 || value.get().compareTo(BigInteger.valueOf(max)) > 0) {
            return invalid(field, field.label() + " must be between " + min + " and " + max + " (got " + t + ").");
        }
        return new Checked.Valid<>(value.get().intValueExact());
    }

    /** Parsed as a BigInteger, so that a huge number is reported as out of range rather than as no number. */
    private static Optional<BigInteger> wholeNumber(String text) {
        try {
            return Optional.of(new BigInteger(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Checked<Double> decimal(Field field, String text, String min, int max, double example) {
        String t = strip(text);
        if (!DECIMAL.matcher(t).matches()) {
            return invalid(field, field.label() + " must be a number such as " + RequestText.number(example)
                    + " (got \"" + t + "\").");
        }
        double value = Double.parseDouble(t);
        if (value < 0 || value > max) {
            return invalid(field, field.label() + " must be between " + min + " and " + max + " (got " + t + ").");
        }
        return new Checked.Valid<>(value);
    }

    private static <T> Checked<T> invalid(Field field, String message) {
        return new Checked.Invalid<>(new Problem(field, message));
    }

    private static String strip(String text) {
        return text == null ? "" : text.strip();
    }

    /** "a or b", "a, b or c". */
    private static String oneOf(Stream<String> choices) {
        List<String> all = choices.toList();
        return all.size() == 1 ? all.get(0)
                : String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
    }
}
