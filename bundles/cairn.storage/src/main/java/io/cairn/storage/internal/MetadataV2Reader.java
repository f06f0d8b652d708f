/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.storage.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cairn.storage.internal.MetadataCodec.ErasureDto;
import io.cairn.storage.internal.MetadataCodec.PartDto;
import io.cairn.storage.internal.MetadataCodec.VersionDto;

/**
 * Reads the newest version of a format-2 metadata payload straight from its CBOR bytes ({@link CborInput}), without
 * a general parser or data binding. Every GET, HEAD and listing decodes one such payload per drive. With Jackson's
 * data binding, a 100-part object's read took six times as long as reading its file (docs/benchmarks.md,
 * "Metadata read"). Field names are matched as bytes against tables built from the enums below, whose constant
 * names are the field names the encoder writes (the public fields of {@link MetadataCodec}'s DTOs).
 *
 * <p>It accepts what data binding accepted: fields in any order, unknown fields (skipped), {@code null} for any
 * field (absent). Only the first entry of {@code versions} is decoded; the others are skipped. Inline data is copied
 * out only when asked for. A payload of another shape fails with an {@link IOException}.
 */
final class MetadataV2Reader {

    /** The fields of the payload. */
    private enum PayloadField { versions }

    /** The fields of a version. */
    private enum VersionField {
        versionId, dataDir, modTimeSeconds, modTimeNanos, size, etag, storageClass, metadata, erasure, parts, inline
    }

    /** The fields of the erasure layout. */
    private enum ErasureField { codecId, checksumId, dataShards, parityShards, blockSizeBytes, index, distribution }

    /** The fields of a part. */
    private enum PartField { number, size, etag, modTimeMillis }

    private static final Fields<PayloadField> PAYLOAD = new Fields<>(PayloadField.values());
    private static final Fields<VersionField> VERSION = new Fields<>(VersionField.values());
    private static final Fields<ErasureField> ERASURE = new Fields<>(ErasureField.values());
    private static final Fields<PartField> PART = new Fields<>(PartField.values());

    private MetadataV2Reader() {
    }

    /**
     * Decodes the newest version.
     *
     * @param payload the bytes holding the CBOR payload
     * @param offset where it starts
     * @param length its length
     * @param includeData whether to copy out the inline data
     * @return the newest version, or {@code null} when the payload holds none
     * @throws IOException when the payload is not a format-2 payload
     */
    static VersionDto latest(byte[] payload, int offset, int length, boolean includeData) throws IOException {
        CborInput in = new CborInput(payload, offset, length);
        VersionDto[] first = new VersionDto[1];
        map(in, PAYLOAD, field -> {
            if (!in.nextIsNull()) {
                array(in, () -> {
                    if (first[0] == null) {
                        first[0] = version(in, includeData);
                    } else {
                        in.skip();
                    }
                });
            }
        });
        return first[0];
    }

    private static VersionDto version(CborInput in, boolean includeData) throws IOException {
        VersionDto d = new VersionDto();
        map(in, VERSION, field -> {
            switch (field) {
                case versionId -> d.versionId = in.textOrNull();
                case dataDir -> d.dataDir = in.textOrNull();
                case modTimeSeconds -> d.modTimeSeconds = in.longValue();
                case modTimeNanos -> d.modTimeNanos = in.intValue();
                case size -> d.size = in.longValue();
                case etag -> d.etag = in.textOrNull();
                case storageClass -> d.storageClass = in.textOrNull();
                case metadata -> d.metadata = in.nextIsNull() ? null : stringMap(in);
                case erasure -> d.erasure = in.nextIsNull() ? null : erasure(in);
                case parts -> d.parts = in.nextIsNull() ? null : parts(in);
                case inline -> d.inline = inline(in, includeData);
            }
        });
        return d;
    }

    private static byte[] inline(CborInput in, boolean includeData) throws IOException {
        if (in.nextIsNull()) {
            return null;
        }
        if (includeData) {
            return in.bytes();
        }
        in.skip();
        return null;
    }

    private static ErasureDto erasure(CborInput in) throws IOException {
        ErasureDto e = new ErasureDto();
        map(in, ERASURE, field -> {
            switch (field) {
                case codecId -> e.codecId = in.textOrNull();
                case checksumId -> e.checksumId = in.textOrNull();
                case dataShards -> e.dataShards = in.intValue();
                case parityShards -> e.parityShards = in.intValue();
                case blockSizeBytes -> e.blockSizeBytes = in.intValue();
                case index -> e.index = in.intValue();
                case distribution -> e.distribution = in.nextIsNull() ? null : intList(in);
            }
        });
        return e;
    }

    private static List<PartDto> parts(CborInput in) throws IOException {
        List<PartDto> parts = new ArrayList<>();
        array(in, () -> {
            PartDto part = new PartDto();
            map(in, PART, field -> {
                switch (field) {
                    case number -> part.number = in.intValue();
                    case size -> part.size = in.longValue();
                    case etag -> part.etag = in.textOrNull();
                    case modTimeMillis -> part.modTimeMillis = in.longValue();
                }
            });
            parts.add(part);
        });
        return parts;
    }

    private static Map<String, String> stringMap(CborInput in) throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        long n = in.mapHeader();
        for (long i = 0; in.hasNext(n, i); i++) {
            map.put(in.text(), in.textOrNull());
        }
        return map;
    }

    private static List<Integer> intList(CborInput in) throws IOException {
        List<Integer> list = new ArrayList<>();
        array(in, () -> list.add(in.nextIsNull() ? null : in.intValue()));
        return list;
    }

    /** A table of field names as UTF-8 bytes, in the order of their enum's constants. */
    private static final class Fields<F extends Enum<F>> {
        private final F[] constants;
        private final byte[][] names;

        Fields(F[] constants) {
            this.constants = constants;
            this.names = new byte[constants.length][];
            for (int i = 0; i < constants.length; i++) {
                names[i] = constants[i].name().getBytes(StandardCharsets.UTF_8);
            }
        }

        /** Reads a field name: its constant, or {@code null} for a name this reader does not know. */
        F read(CborInput in) throws IOException {
            int i = in.name(names);
            return i < 0 ? null : constants[i];
        }
    }

    /** Reads one known field's value; called with the input on the value. */
    private interface FieldReader<F> {
        void field(F field) throws IOException;
    }

    /** Reads one element; called with the input on it. */
    private interface ElementReader {
        void element() throws IOException;
    }

    private static <F extends Enum<F>> void map(CborInput in, Fields<F> fields, FieldReader<F> reader)
            throws IOException {
        long n = in.mapHeader();
        for (long i = 0; in.hasNext(n, i); i++) {
            F field = fields.read(in);
            if (field == null) {
                in.skip();
            } else {
                reader.field(field);
            }
        }
    }

    private static void array(CborInput in, ElementReader reader) throws IOException {
        long n = in.arrayHeader();
        for (long i = 0; in.hasNext(n, i); i++) {
            reader.element();
        }
    }
}
