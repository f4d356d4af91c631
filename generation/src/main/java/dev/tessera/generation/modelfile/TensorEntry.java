package dev.tessera.generation.modelfile;

import java.util.Arrays;

/** One validated header entry: where a tensor's bytes lie, relative to the start of the data. */
record TensorEntry(String name, SafetensorsDType dtype, long[] shape, long begin, long end) {

    long length() {
        return end - begin;
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " [" + begin + ", " + end + ")";
    }
}
