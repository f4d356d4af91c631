package dev.tessera.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.CliRun;
import dev.tessera.generation.acdit.model.HostileModelFiles;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of bad inputs: what a careless user or an attacker types, across generate, queue,
 * train, eval, data and bench. Each is refused with exit code 1 or 2, its first error line naming
 * the thing at fault, no stack trace, and nothing written.
 */
class BadInputCatalogueTest {

    @TempDir static Path dir;
    static Path model;
    static Path out;
    static Path queue;
    static Path aFile;
    static Path emptyFolder;
    static Path pngFolder;
    static final String JUDGE = "assets/models/judge.safetensors";

    /** One bad input: its name, the arguments, and a piece of text the first error line must hold. */
    record Case(String name, List<String> args, String names) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void files() throws Exception {
        model = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"));
        out = dir.resolve("out");
        queue = dir.resolve("queue");
        aFile = Files.writeString(dir.resolve("a-file.txt"), "not a folder");
        emptyFolder = Files.createDirectories(dir.resolve("empty"));
        pngFolder = Files.createDirectories(dir.resolve("pngs"));
        Files.write(pngFolder.resolve("1-cat.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Path withPrompts = Files.createDirectories(dir.resolve("pngs-with-prompts"));
        Files.write(withPrompts.resolve("1-cat.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.writeString(withPrompts.resolve("prompts.json"), "[]");
        HostileModelFiles.withConfig(model, dir.resolve("depth.safetensors"), c -> c.put("depth", 100_000));
        HostileModelFiles.withConfig(model, dir.resolve("mlp.safetensors"), c -> c.put("mlpRatio", 100_000));
        HostileModelFiles.withConfig(model, dir.resolve("image.safetensors"), c -> c.put("imageSize", 65_536));
        HostileModelFiles.withConfig(model, dir.resolve("width.safetensors"), c -> c.put("width", 65_536));
        HostileModelFiles.withConfig(model, dir.resolve("prompt.safetensors"), c -> c.put("promptDim", 1e8));
        HostileModelFiles.sparse(model, dir.resolve("sparse.safetensors"), 550_000_000L);
        HostileModelFiles.withTensorFilled(model, dir.resolve("nan.safetensors"), "final.out.weight", Float.NaN);
        byte[] valid = Files.readAllBytes(model);
        Files.write(dir.resolve("truncated.safetensors"), java.util.Arrays.copyOf(valid, 100));
        Files.write(dir.resolve("empty.safetensors"), new byte[0]);
        Files.write(dir.resolve("huge-header.safetensors"), new byte[] {-1, -1, -1, -1, -1, -1, -1, 127, '{', '}'});
        Files.write(dir.resolve("pickle.safetensors"), new byte[] {(byte) 0x80, 2, '}', 'q', 0, '.'});
        Files.write(dir.resolve("zip.safetensors"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
        Files.writeString(dir.resolve("text.safetensors"), "hello, I am not a model");
        String rank = "{\"x\":{\"dtype\":\"F32\",\"shape\":[" + "1,".repeat(100_001) + "1],\"data_offsets\":[0,4]}}";
        Files.write(dir.resolve("rank.safetensors"), concat(lengthPrefix(rank.length()), rank.getBytes(), new byte[4]));
        ByteArrayOutputStream tgz = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(tgz)) {
            gzip.write(new byte[2048]);
        }
        Files.write(dir.resolve("truncated.tgz"), java.util.Arrays.copyOf(tgz.toByteArray(), 12));
        trainingConfigs();
    }

    private static void trainingConfigs() throws Exception {
        String acdit = "\"acdit\": {\"imageSize\": 32, \"patchSize\": 4, \"blockSide\": 4, \"width\": 32, \"depth\": 1,"
                + " \"heads\": 2, \"mlpRatio\": 2, \"promptDim\": 384, \"ropeBase\": 100.0%s}";
        String base = "{\"model\": \"acdit\", \"output\": \"%s\", \"workDir\": \"%s\", \"styles\": %s, %s,"
                + " \"training\": {\"steps\": %s%s}%s}";
        String output = dir.resolve("trained.safetensors").toString();
        String work = dir.resolve("run").toString();
        train("typo-initfrom", base.formatted(output, work, "[\"google\"]", acdit.formatted(""), 1, "",
                ", \"initfrom\": \"x.safetensors\""));
        train("unknown-top", base.formatted(output, work, "[\"google\"]", acdit.formatted(""), 1, "", ", \"lr\": 0.1"));
        train("unknown-acdit", base.formatted(output, work, "[\"google\"]", acdit.formatted(", \"dpeth\": 2"), 1, "", ""));
        train("depth-huge", base.formatted(output, work, "[\"google\"]",
                acdit.formatted("").replace("\"depth\": 1", "\"depth\": 100000"), 1, "", ""));
        train("width-huge", base.formatted(output, work, "[\"google\"]",
                acdit.formatted("").replace("\"width\": 32", "\"width\": 65536"), 1, "", ""));
        train("heads-odd", base.formatted(output, work, "[\"google\"]",
                acdit.formatted("").replace("\"heads\": 2", "\"heads\": 3"), 1, "", ""));
        train("steps-zero", base.formatted(output, work, "[\"google\"]", acdit.formatted(""), 0, "", ""));
        train("unknown-training", base.formatted(output, work, "[\"google\"]", acdit.formatted(""), 1, ", \"lr\": 1", ""));
        train("style-unknown", base.formatted(output, work, "[\"comic\"]", acdit.formatted(""), 1, "", ""));
        // Writes the bundled model: refused without --overwrite before anything runs (and initFrom is missing too).
        train("bundled", base.formatted("assets/models/acdit-default.safetensors", work, "[\"google\"]",
                acdit.formatted(""), 1, "", ", \"initFrom\": \"" + dir.resolve("missing.safetensors") + "\""));
        train("no-model", "{\"output\": \"x\"}");
        train("kind-gan", "{\"model\": \"gan\"}");
        train("array", "[1, 2]");
        train("not-json", "{\"model\": ");
        train("judge-unknown", "{\"model\": \"judge\", \"output\": \"" + output + "\", \"workDir\": \"" + work + "\","
                + " \"styles\": [\"google\"], \"judge\": {\"widths\": [8], \"groups\": 2, \"depth\": 3},"
                + " \"training\": {\"steps\": 1}}");
    }

    private static void train(String name, String json) throws Exception {
        Files.writeString(dir.resolve("train-" + name + ".json"), json);
    }

    static Stream<Case> catalogue() {
        List<Case> cases = new ArrayList<>();
        generate(cases);
        queue(cases);
        train(cases);
        eval(cases);
        data(cases);
        bench(cases);
        return cases.stream();
    }

    private static void generate(List<Case> cases) {
        String m = model.toString();
        String o = out.toString();
        Object[][] table = {
            {"prompt empty", "Prompt", new String[] {"--prompt", "", "--out", o, "--model", m}},
            {"prompt blank", "Prompt", new String[] {"--prompt", "   ", "--out", o, "--model", m}},
            {"prompt control char", "control character", new String[] {"--prompt", "cat\u0001face", "--out", o, "--model", m}},
            {"prompt 10,000 chars", "Prompt", new String[] {"--prompt", "a".repeat(10_000), "--out", o, "--model", m}},
            {"style unknown", "Style", new String[] {"--prompt", "cat", "--style", "comic", "--out", o, "--model", m}},
            {"style empty", "Style", new String[] {"--prompt", "cat", "--style", "", "--out", o, "--model", m}},
            {"seed negative", "Seed", new String[] {"--prompt", "cat", "--seed", "-1", "--out", o, "--model", m}},
            {"seed text", "Seed", new String[] {"--prompt", "cat", "--seed", "abc", "--out", o, "--model", m}},
            {"seed overflows batch", "Seed", new String[] {"--prompt", "cat", "--seed", "9223372036854775807", "-n", "2", "--out", o, "--model", m}},
            {"seed exponent", "Seed", new String[] {"--prompt", "cat", "--seed", "1e3", "--out", o, "--model", m}},
            {"steps zero", "Steps", new String[] {"--prompt", "cat", "--steps", "0", "--out", o, "--model", m}},
            {"steps too many", "Steps", new String[] {"--prompt", "cat", "--steps", "1001", "--out", o, "--model", m}},
            {"steps text", "Steps", new String[] {"--prompt", "cat", "--steps", "ten", "--out", o, "--model", m}},
            {"steps negative", "Steps", new String[] {"--prompt", "cat", "--steps", "-5", "--out", o, "--model", m}},
            {"preset unknown", "unknown preset \"turbo\"", new String[] {"--prompt", "cat", "--preset", "turbo", "--out", o, "--model", m}},
            {"preset with steps", "--preset sets the steps", new String[] {"--prompt", "cat", "--preset", "fast", "--steps", "9", "--out", o, "--model", m}},
            {"schedule with steps", "--schedule gives every block", new String[] {"--prompt", "cat", "--schedule", "9,4", "--steps", "9", "--out", o, "--model", m}},
            {"schedule word", "entry 2 (\"x\")", new String[] {"--prompt", "cat", "--schedule", "9,x", "--out", o, "--model", m}},
            {"schedule zero", "has 0 steps", new String[] {"--prompt", "cat", "--schedule", "9,0", "--out", o, "--model", m}},
            {"step cache negative", "--step-cache must be 0", new String[] {"--prompt", "cat", "--step-cache", "-0.1", "--out", o, "--model", m}},
            {"step cache text", "--step-cache must be a number", new String[] {"--prompt", "cat", "--step-cache", "lots", "--out", o, "--model", m}},
            {"cfg negative", "Guidance", new String[] {"--prompt", "cat", "--cfg", "-1", "--out", o, "--model", m}},
            {"cfg 1e308", "Guidance", new String[] {"--prompt", "cat", "--cfg", "1e308", "--out", o, "--model", m}},
            {"cfg NaN", "Guidance", new String[] {"--prompt", "cat", "--cfg", "NaN", "--out", o, "--model", m}},
            {"cfg Infinity", "Guidance", new String[] {"--prompt", "cat", "--cfg", "Infinity", "--out", o, "--model", m}},
            {"cfg 31", "Guidance", new String[] {"--prompt", "cat", "--cfg", "31", "--out", o, "--model", m}},
            {"style strength negative", "Style strength", new String[] {"--prompt", "cat", "--style-strength", "-0.5", "--out", o, "--model", m}},
            {"style strength 11", "Style strength", new String[] {"--prompt", "cat", "--style-strength", "11", "--out", o, "--model", m}},
            {"sampler unknown", "Sampler", new String[] {"--prompt", "cat", "--sampler", "plms", "--out", o, "--model", m}},
            {"count zero", "Count", new String[] {"--prompt", "cat", "-n", "0", "--out", o, "--model", m}},
            {"count 65", "Count", new String[] {"--prompt", "cat", "-n", "65", "--out", o, "--model", m}},
            {"count text", "Count", new String[] {"--prompt", "cat", "-n", "many", "--out", o, "--model", m}},
            {"model missing", "Model", new String[] {"--prompt", "cat", "--out", o, "--model", dir.resolve("missing.safetensors").toString()}},
            {"model is a folder", "Model", new String[] {"--prompt", "cat", "--out", o, "--model", emptyFolder.toString()}},
            {"model empty file", "empty.safetensors", new String[] {"--prompt", "cat", "--out", o, "--model", file("empty.safetensors")}},
            {"model text file", "text.safetensors", new String[] {"--prompt", "cat", "--out", o, "--model", file("text.safetensors")}},
            {"model pickle", "pickle", new String[] {"--prompt", "cat", "--out", o, "--model", file("pickle.safetensors")}},
            {"model zip", "zip", new String[] {"--prompt", "cat", "--out", o, "--model", file("zip.safetensors")}},
            {"model is the judge", "not an ACDiT model", new String[] {"--prompt", "cat", "--out", o, "--model", JUDGE}},
            {"model depth 100000", "depth", new String[] {"--prompt", "cat", "--out", o, "--model", file("depth.safetensors")}},
            {"model mlpRatio 100000", "mlpRatio", new String[] {"--prompt", "cat", "--out", o, "--model", file("mlp.safetensors")}},
            {"model imageSize 65536", "imageSize", new String[] {"--prompt", "cat", "--out", o, "--model", file("image.safetensors")}},
            {"model width 65536", "width", new String[] {"--prompt", "cat", "--out", o, "--model", file("width.safetensors")}},
            {"model promptDim 1e8", "promptDim", new String[] {"--prompt", "cat", "--out", o, "--model", file("prompt.safetensors")}},
            {"model sparse 2 GB", "big.0", new String[] {"--prompt", "cat", "--out", o, "--model", file("sparse.safetensors")}},
            {"model NaN weights", "final.out.weight", new String[] {"--prompt", "cat", "--out", o, "--model", file("nan.safetensors")}},
            {"model huge header length", "header length", new String[] {"--prompt", "cat", "--out", o, "--model", file("huge-header.safetensors")}},
            {"model truncated", "truncated.safetensors", new String[] {"--prompt", "cat", "--out", o, "--model", file("truncated.safetensors")}},
            {"model rank 100002", "dimensions", new String[] {"--prompt", "cat", "--out", o, "--model", file("rank.safetensors")}},
            {"out empty", "Output folder is empty", new String[] {"--prompt", "cat", "--out", "", "--model", m}},
            {"out is a file", "is a file", new String[] {"--prompt", "cat", "--out", aFile.toString(), "--model", m}},
            {"out /dev/null", "system folder", new String[] {"--prompt", "cat", "--out", "/dev/null", "--model", m}},
            {"out /proc/x", "system folder", new String[] {"--prompt", "cat", "--out", "/proc/x", "--model", m}},
            {"out below a file", "is a file", new String[] {"--prompt", "cat", "--out", aFile.resolve("sub").toString(), "--model", m}},
            {"grid is a folder", "--grid", new String[] {"--prompt", "cat", "--out", o, "--model", m, "--grid", emptyFolder.toString()}},
            {"grid below a file", "--grid", new String[] {"--prompt", "cat", "--out", o, "--model", m, "--grid", aFile.resolve("g.png").toString()}},
            {"grid in /proc", "--grid", new String[] {"--prompt", "cat", "--out", o, "--model", m, "--grid", "/proc/g.png"}},
            {"grid empty", "--grid", new String[] {"--prompt", "cat", "--out", o, "--model", m, "--grid", ""}},
            {"transparent video", "--transparent", new String[] {"--prompt", "cat", "--out", o, "--model", m, "--video", "--transparent"}},
            {"opening unknown", "--opening", new String[] {"--prompt", "cat moving up", "--out", dir.resolve("o.gif").toString(), "--model", m, "--video", "--frames", "4", "--opening", "bogus"}},
            {"unknown option", "--bogus", new String[] {"--prompt", "cat", "--out", o, "--model", m, "--bogus"}},
            {"prompt missing", "--prompt", new String[] {"--out", o, "--model", m}},
            {"out missing", "--out", new String[] {"--prompt", "cat", "--model", m}},
        };
        add(cases, "generate", List.of("generate"), table);
    }

    private static void queue(List<Case> cases) {
        String m = model.toString();
        String o = out.toString();
        Object[][] table = {
            {"preset unknown", "unknown preset", new String[] {"--prompt", "cat", "--preset", "turbo", "--out", o, "--model", m}},
            {"schedule word", "entry 1 (\"x\")", new String[] {"--prompt", "cat", "--schedule", "x", "--out", o, "--model", m}},
            {"style unknown", "Style", new String[] {"--prompt", "cat", "--style", "comic", "--out", o, "--model", m}},
            {"model missing", "Model", new String[] {"--prompt", "cat", "--out", o, "--model", dir.resolve("missing.safetensors").toString()}},
            {"model is the judge", "not an ACDiT model", new String[] {"--prompt", "cat", "--out", o, "--model", JUDGE}},
            {"model depth 100000", "depth", new String[] {"--prompt", "cat", "--out", o, "--model", file("depth.safetensors")}},
            {"out is a file", "is a file", new String[] {"--prompt", "cat", "--out", aFile.toString(), "--model", m}},
            {"out /dev/null", "system folder", new String[] {"--prompt", "cat", "--out", "/dev/null", "--model", m}},
            {"out empty", "Output folder is empty", new String[] {"--prompt", "cat", "--out", "", "--model", m}},
            {"prompt control char", "control character", new String[] {"--prompt", "cat\u0001", "--out", o, "--model", m}},
            {"prompt 10,000 chars", "Prompt", new String[] {"--prompt", "b".repeat(10_000), "--out", o, "--model", m}},
            {"seed negative", "Seed", new String[] {"--prompt", "cat", "--seed", "-1", "--out", o, "--model", m}},
            {"count zero", "Count", new String[] {"--prompt", "cat", "-n", "0", "--out", o, "--model", m}},
            {"cfg 1e308", "Guidance", new String[] {"--prompt", "cat", "--cfg", "1e308", "--out", o, "--model", m}},
            {"steps zero", "Steps", new String[] {"--prompt", "cat", "--steps", "0", "--out", o, "--model", m}},
            {"sampler unknown", "Sampler", new String[] {"--prompt", "cat", "--sampler", "x", "--out", o, "--model", m}},
            {"sweep without values", "--sweep", new String[] {"--prompt", "cat", "--out", o, "--model", m, "--sweep", "steps"}},
            {"sweep unknown setting", "bogus", new String[] {"--prompt", "cat", "--out", o, "--model", m, "--sweep", "bogus=1,2"}},
            {"sweep bad value", "--sweep", new String[] {"--prompt", "cat", "--out", o, "--model", m, "--sweep", "steps=0,5"}},
            {"sweep seed negative", "Seed", new String[] {"--prompt", "cat", "--out", o, "--model", m, "--sweep-seeds", "1,-1"}},
            {"sweep prompt control char", "control character", new String[] {"--prompt", "cat", "--out", o, "--model", m, "--sweep-prompts", "a;b\u0002"}},
            {"video without frames", "--frames", new String[] {"--prompt", "cat", "--out", dir.resolve("c.gif").toString(), "--model", m, "--video"}},
        };
        add(cases, "queue add", List.of("queue", "--queue-dir", queue.toString(), "add"), table);
        cases.add(new Case("queue: folder is a file", List.of("queue", "--queue-dir", aFile.toString(), "list"), "--queue-dir"));
        cases.add(new Case("queue: folder in /proc", List.of("queue", "--queue-dir", "/proc/q", "list"), "--queue-dir"));
        cases.add(new Case("queue: unknown sub-command", List.of("queue", "--queue-dir", queue.toString(), "frobnicate"), "frobnicate"));
    }

    private static void train(List<Case> cases) {
        Object[][] table = {
            {"config missing", "not found", new String[] {"--config", dir.resolve("missing.json").toString()}},
            {"config is a folder", "not found", new String[] {"--config", emptyFolder.toString()}},
            {"config not JSON", "not valid JSON", new String[] {"--config", file("train-not-json.json")}},
            {"config an array", "JSON object", new String[] {"--config", file("train-array.json")}},
            {"model kind unknown", "gan", new String[] {"--config", file("train-kind-gan.json")}},
            {"model kind missing", "'model'", new String[] {"--config", file("train-no-model.json")}},
            {"initfrom typo", "'initfrom'", new String[] {"--config", file("train-typo-initfrom.json")}},
            {"unknown top-level key", "'lr'", new String[] {"--config", file("train-unknown-top.json")}},
            {"unknown acdit key", "acdit.dpeth", new String[] {"--config", file("train-unknown-acdit.json")}},
            {"depth 100000", "depth", new String[] {"--config", file("train-depth-huge.json")}},
            {"width 65536", "width", new String[] {"--config", file("train-width-huge.json")}},
            {"heads 3", "heads", new String[] {"--config", file("train-heads-odd.json")}},
            {"steps 0", "steps", new String[] {"--config", file("train-steps-zero.json")}},
            {"unknown training key", "lr", new String[] {"--config", file("train-unknown-training.json")}},
            {"style unknown", "comic", new String[] {"--config", file("train-style-unknown.json")}},
            {"bundled model without --overwrite", "--overwrite", new String[] {"--config", file("train-bundled.json")}},
            {"unknown judge key", "judge.depth", new String[] {"--config", file("train-judge-unknown.json")}},
            {"weights unknown", "RAWEST", new String[] {"--config", file("train-steps-zero.json"), "--weights", "RAWEST"}},
        };
        add(cases, "train", List.of("train"), table);
    }

    private static void eval(List<Case> cases) {
        String m = model.toString();
        String o = out.toString();
        String png = pngFolder.toString();
        Object[][] images = {
            {"folder missing", "--folder", new String[] {"--folder", dir.resolve("nope").toString(), "--out", o}},
            {"folder empty", "holds no PNG", new String[] {"--folder", emptyFolder.toString(), "--out", o}},
            {"folder is a file", "--folder", new String[] {"--folder", aFile.toString(), "--out", o}},
            {"prompts missing", "--prompts", new String[] {"--folder", png, "--out", o}},
            {"judge missing", "--judge", new String[] {"--folder", png, "--prompts", aFile.toString(), "--judge", dir.resolve("j.safetensors").toString(), "--out", o}},
            {"out is a file", "--out", new String[] {"--folder", png, "--prompts", aFile.toString(), "--out", aFile.toString()}},
        };
        add(cases, "eval images", List.of("eval", "images"), images);
        Object[][] paired = {
            {"a missing", "--a", new String[] {"--a", dir.resolve("nope").toString(), "--b", png}},
            {"b empty", "--b", new String[] {"--a", file("pngs-with-prompts"), "--b", emptyFolder.toString()}},
        };
        add(cases, "eval paired", List.of("eval", "paired"), paired);
        Object[][] evalModel = {
            {"model missing", "--model", new String[] {"--model", dir.resolve("missing.safetensors").toString(), "--out", o}},
            {"steps zero", "--steps", new String[] {"--model", m, "--steps", "0", "--out", o}},
            {"cfg 1e308", "--cfg", new String[] {"--model", m, "--cfg", "1e308", "--out", o}},
            {"out /dev/null", "--out", new String[] {"--model", m, "--out", "/dev/null"}},
            {"judge missing", "--judge", new String[] {"--model", m, "--judge", dir.resolve("j.safetensors").toString(), "--out", o}},
            {"mix on a single model", "--mix is for an ensemble", new String[] {"--model", m, "--mix", "eps", "--out", o}},
        };
        add(cases, "eval model", List.of("eval", "model"), evalModel);
        Object[][] routing = {
            {"ensemble missing", "--ensemble", new String[] {"--ensemble", dir.resolve("missing.safetensors").toString(), "--prompts", "cat", "--out", o}},
            {"steps zero", "--steps", new String[] {"--ensemble", m, "--prompts", "cat", "--steps", "0", "--out", o}},
            {"columns zero", "--columns", new String[] {"--ensemble", m, "--prompts", "cat", "--columns", "0", "--out", o}},
            {"no prompt", "--prompts", new String[] {"--ensemble", m, "--prompts", ";", "--out", o}},
            {"an ACDiT model", "is not an ensemble model", new String[] {"--ensemble", m, "--prompts", "cat", "--out", o}},
        };
        add(cases, "eval routing", List.of("eval", "routing"), routing);

        Object[][] grid = {
            {"seeds zero", "--seeds", new String[] {"--model", m, "--prompts", "cat", "--seeds", "0", "--out", dir.resolve("g.png").toString()}},
            {"out is a folder", "--out", new String[] {"--model", m, "--prompts", "cat", "--out", emptyFolder.toString()}},
            {"model is the judge", "not an ACDiT model", new String[] {"--model", JUDGE, "--prompts", "cat", "--out", dir.resolve("g.png").toString()}},
        };
        add(cases, "eval grid", List.of("eval", "grid"), grid);
        Object[][] video = {
            {"count zero", "--count", new String[] {"--model", m, "--count", "0", "--out", o}},
            {"cfg 99", "--cfg", new String[] {"--model", m, "--cfg", "99", "--out", o}},
            {"style strength negative", "--style-strength", new String[] {"--model", m, "--style-strength", "-1", "--out", o}},
            {"opening unknown", "--opening", new String[] {"--model", m, "--opening", "bogus", "--out", o}},
        };
        add(cases, "eval video", List.of("eval", "video"), video);
        cases.add(new Case("eval: unknown sub-command", List.of("eval", "everything"), "everything"));
    }

    private static void data(List<Case> cases) {
        Object[][] table = {
            {"package missing", "missing.tgz", new String[] {"--package", dir.resolve("missing.tgz").toString(), "--style", "google", "--out-dir", out.toString()}},
            {"package truncated", "truncated.tgz", new String[] {"--package", file("truncated.tgz"), "--style", "google", "--out-dir", out.toString()}},
            {"style unknown", "comic", new String[] {"--package", file("truncated.tgz"), "--style", "comic", "--out-dir", out.toString()}},
            {"size zero", "--size", new String[] {"--package", file("truncated.tgz"), "--style", "google", "--size", "0", "--out-dir", out.toString()}},
            {"out dir /dev/null", "--out-dir", new String[] {"--package", file("truncated.tgz"), "--style", "google", "--out-dir", "/dev/null"}},
            {"out dir is a file", "--out-dir", new String[] {"--package", file("truncated.tgz"), "--style", "google", "--out-dir", aFile.toString()}},
        };
        add(cases, "data import-emoji", List.of("data", "import-emoji"), table);
        cases.add(new Case("data stats: file missing", List.of("data", "stats", dir.resolve("missing.bin").toString()), "missing.bin"));
        cases.add(new Case("data: unknown sub-command", List.of("data", "frobnicate"), "frobnicate"));
    }

    private static void bench(List<Case> cases) {
        String m = model.toString();
        Object[][] throughput = {
            {"rounds zero", "--rounds", new String[] {"--model", m, "--rounds", "0"}},
            {"model missing", "--model", new String[] {"--model", dir.resolve("missing.safetensors").toString()}},
            {"cfg negative", "--cfg", new String[] {"--model", m, "--cfg", "-1"}},
            {"style strength 99", "--style-strength", new String[] {"--model", m, "--style-strength", "0,99"}},
            {"model depth 100000", "depth", new String[] {"--model", file("depth.safetensors")}},
        };
        add(cases, "bench throughput", List.of("bench", "throughput"), throughput);
        Object[][] kv = {
            {"rounds zero", "--rounds", new String[] {"--model", m, "--rounds", "0"}},
            {"steps zero", "--steps", new String[] {"--model", m, "--steps", "0"}},
            {"model is the judge", "not an ACDiT model", new String[] {"--model", JUDGE}},
        };
        add(cases, "bench kv-cache", List.of("bench", "kv-cache"), kv);
        Object[][] step = {
            {"profile batch zero", "--profile-batch", new String[] {"--model", m, "--profile-batch", "0"}},
        };
        add(cases, "bench step", List.of("bench", "step"), step);
        Object[][] soak = {
            {"count zero", "--count", new String[] {"--model", m, "--count", "0"}},
            {"model missing", "--model", new String[] {"--model", dir.resolve("missing.safetensors").toString()}},
        };
        add(cases, "bench soak", List.of("bench", "soak"), soak);
        Object[][] video = {
            {"config missing", "--config", new String[] {"--config", dir.resolve("missing.json").toString()}},
            {"frames zero", "--frames", new String[] {"--frames", "0"}},
            {"rounds zero", "--rounds", new String[] {"--rounds", "0"}},
        };
        add(cases, "bench video", List.of("bench", "video"), video);
    }

    private static void add(List<Case> cases, String command, List<String> prefix, Object[][] table) {
        for (Object[] row : table) {
            List<String> args = new ArrayList<>(prefix);
            args.addAll(List.of((String[]) row[2]));
            cases.add(new Case(command + ": " + row[0], args, (String) row[1]));
        }
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void theCatalogueHoldsAtLeastAHundredCasesOverEveryCommand() {
        List<Case> all = catalogue().toList();
        assertTrue(all.size() >= 100, "only " + all.size() + " cases");
        for (String command : List.of("generate", "queue", "train", "eval", "data", "bench")) {
            assertTrue(all.stream().anyMatch(c -> c.name().startsWith(command)), command);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void everyBadInputIsRefusedInOneLineNamingItsFaultWithoutWritingAnything(Case bad) throws Exception {
        List<Path> before = tree();
        CliRun run = CliRun.of(bad.args().toArray(String[]::new));
        String all = run.out() + run.err();
        assertTrue(run.exit() == 1 || run.exit() == 2, bad + ": exit " + run.exit() + "\n" + all);
        String first = run.err().lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        assertTrue(first.contains(bad.names()), bad + ": the first error line does not name '" + bad.names() + "': " + first
                + "\n" + all.substring(0, Math.min(all.length(), 2000)));
        assertTrue(first.length() < 600, bad + ": the error line is " + first.length() + " characters long");
        assertFalse(all.contains("\tat ") || all.contains("Exception:") || all.contains("Error:"), bad + ": a stack trace\n" + all);
        assertEquals(before, tree(), bad + ": a file was written or removed");
        assertFalse(Files.exists(out), bad + ": the output folder was created");
    }

    private static List<Path> tree() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.sorted().toList();
        }
    }

    private static byte[] lengthPrefix(long n) {
        return java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(n).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            bytes.writeBytes(part);
        }
        return bytes.toByteArray();
    }
}
