package dev.tessera.app.video;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Just enough of ISO BMFF to check an MP4: the box tree, the track's size (tkhd) and its sample count (stsz). */
record Mp4Boxes(List<String> types, int sampleCount, List<Integer> trackSize) {

    /** Boxes that hold other boxes (and stsd, whose entries follow 8 bytes of version and count). */
    private static final List<String> CONTAINERS = List.of("moov", "trak", "mdia", "minf", "stbl", "udta", "edts");

    static Mp4Boxes parse(ByteBuffer file) {
        List<String> types = new ArrayList<>();
        int[] samples = {-1};
        List<Integer> size = new ArrayList<>();
        walk(file, 0, file.limit(), types, samples, size);
        return new Mp4Boxes(types, samples[0], size);
    }

    boolean has(String type) {
        return types.contains(type);
    }

    private static void walk(ByteBuffer b, int from, int to, List<String> types, int[] samples, List<Integer> size) {
        int at = from;
        while (at + 8 <= to) {
            long length = Integer.toUnsignedLong(b.getInt(at));
            String type = new String(new byte[] {b.get(at + 4), b.get(at + 5), b.get(at + 6), b.get(at + 7)},
                    java.nio.charset.StandardCharsets.US_ASCII);
            int header = 8;
            if (length == 1) {
                length = b.getLong(at + 8);
                header = 16;
            } else if (length == 0) {
                length = to - at;
            }
            if (length < header || at + length > to) {
                throw new IllegalArgumentException("box '" + type + "' at " + at + " runs past its parent");
            }
            types.add(type);
            int body = at + header;
            int end = (int) (at + length);
            if (CONTAINERS.contains(type)) {
                walk(b, body, end, types, samples, size);
            } else if (type.equals("stsd")) {
                walk(b, body + 8, end, types, samples, size);
            } else if (type.equals("stsz")) {
                // version/flags, sample size, sample count
                samples[0] = b.getInt(body + 8);
            } else if (type.equals("tkhd")) {
                int version = b.get(body) & 0xFF;
                int widthAt = body + (version == 1 ? 88 : 76);
                size.add(b.getInt(widthAt) >>> 16);
                size.add(b.getInt(widthAt + 4) >>> 16);
            }
            at = end;
        }
    }
}
