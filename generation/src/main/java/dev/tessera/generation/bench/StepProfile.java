package dev.tessera.generation.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time of sampling goes: PyTorch's own profiler records every native operator, and the
 * operators not nested in another (the calls Java makes) are summed by name. Wall time less that sum is
 * what the Java side costs: DJL's wrappers, JNI crossings, managers, the sampler's own loop.
 */
public final class StepProfile {

    /** One operator name's calls and total microseconds (outermost calls only). */
    public record Operator(String name, long calls, double micros) {}

    /** Outermost operators by total time, their sum and count, for {@code wallSeconds} of profiled work. */
    public record Breakdown(List<Operator> operators, double wallSeconds) {

        public double nativeSeconds() {
            return operators.stream().mapToDouble(Operator::micros).sum() / 1e6;
        }

        public long nativeCalls() {
            return operators.stream().mapToLong(Operator::calls).sum();
        }
    }

    private StepProfile() {}

    /** Runs {@code work} under PyTorch's profiler; the trace goes to {@code trace} (a chrome trace file). */
    public static Breakdown of(Runnable work, Path trace) throws IOException {
        JniUtils.startProfile(false, false, false);
        long start = System.nanoTime();
        double wall;
        try {
            work.run();
        } finally {
            wall = (System.nanoTime() - start) / 1e9;
            JniUtils.stopProfile(trace.toString());
        }
        return new Breakdown(outermost(trace), wall);
    }

    /** Events not contained in an earlier event of the same thread, summed by name, longest first. */
    static List<Operator> outermost(Path trace) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(trace));
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        List<JsonNode> complete = new ArrayList<>();
        for (JsonNode e : events) {
            if ("X".equals(e.path("ph").asText()) && e.has("dur")) {
                complete.add(e);
            }
        }
        complete.sort(Comparator.comparingDouble((JsonNode e) -> e.path("ts").asDouble())
                .thenComparing(e -> -e.path("dur").asDouble()));
        Map<String, Double> endOnThread = new HashMap<>();
        Map<String, double[]> byName = new HashMap<>();
        for (JsonNode e : complete) {
            String thread = e.path("pid").asText() + "/" + e.path("tid").asText();
            double ts = e.path("ts").asDouble();
            double dur = e.path("dur").asDouble();
            if (ts < endOnThread.getOrDefault(thread, Double.NEGATIVE_INFINITY)) {
                continue; // nested inside an outer operator
            }
            endOnThread.put(thread, ts + dur);
            double[] sum = byName.computeIfAbsent(e.path("name").asText(), n -> new double[2]);
            sum[0]++;
            sum[1] += dur;
        }
        return byName.entrySet().stream().map(x -> new Operator(x.getKey(), (long) x.getValue()[0], x.getValue()[1]))
                .sorted(Comparator.comparingDouble(Operator::micros).reversed()).toList();
    }
}
