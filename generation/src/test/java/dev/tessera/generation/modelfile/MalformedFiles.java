package dev.tessera.generation.modelfile;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds safetensors byte streams by hand, straight from the format's specification. */
final class MalformedFiles {

    private MalformedFiles() {}

    /** 8-byte little-endian length of the header, the header, then {@code dataBytes} bytes of data. */
    static byte[] file(String header, int dataBytes) {
        return file(header.getBytes(StandardCharsets.UTF_8), dataBytes);
    }

    static byte[] file(byte[] header, int dataBytes) {
        return concat(lengthPrefix(header.length), header, new byte[dataBytes]);
    }

    /** A file whose declared header length is {@code declared}, whatever follows. */
    static byte[] withDeclaredLength(long declared, byte[] rest) {
        return concat(lengthPrefix(declared), rest);
    }

    static byte[] lengthPrefix(long length) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A header with one tensor entry. */
    static String one(String name, String dtype, String shape, String offsets) {
        return "{\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}}";
    }
}
