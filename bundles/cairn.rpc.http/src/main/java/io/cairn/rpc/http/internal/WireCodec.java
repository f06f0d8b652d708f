/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.cairn.api.rpc.LockAnswer;
import io.cairn.api.rpc.LockRequest;
import io.cairn.api.rpc.ServerInfo;
import io.cairn.api.storage.DiskInfo;
import io.cairn.api.storage.ErasureLayout;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.FormatInfo;
import io.cairn.api.storage.PartMeta;
import io.cairn.api.storage.VolumeInfo;
import io.cairn.api.storage.WalkEntry;

/**
 * The binary encoding of call arguments and results: big-endian integers, strings as a length and UTF-8 bytes,
 * nullable values behind a presence byte, lists as a count and their elements. The layout of each call is fixed
 * by the wire version ({@link Wire#VERSION}); a new field means a new version. Decoding checks every length
 * against the bytes left, so a malformed body fails with {@link MalformedException} and never allocates more
 * than the body's size.
 */
final class WireCodec {

    private WireCodec() {
    }

    /** Thrown when a body cannot be decoded. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    /** Writes values; {@link #toBytes()} returns the encoding. */
    static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        private final DataOutputStream out = new DataOutputStream(bytes);

        Out str(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            return i32(utf8.length).raw(utf8);
        }

        Out nullableStr(String value) {
            bool(value != null);
            return value == null ? this : str(value);
        }

        Out i32(int value) {
            try {
                out.writeInt(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Out i64(long value) {
            try {
                out.writeLong(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Out bool(boolean value) {
            bytes.write(value ? 1 : 0);
            return this;
        }

        Out bytes(byte[] value) {
            return i32(value.length).raw(value);
        }

        Out nullableBytes(byte[] value) {
            bool(value != null);
            return value == null ? this : bytes(value);
        }

        Out instant(Instant value) {
            return i64(value.getEpochSecond()).i32(value.getNano());
        }

        Out strings(List<String> values) {
            i32(values.size());
            values.forEach(this::str);
            return this;
        }

        Out format(FormatInfo f) {
            return i32(f.formatVersion()).str(f.deploymentId()).str(f.driveId()).i32(f.pool()).i32(f.set())
                    .i32(f.position()).i32(f.setCount()).i32(f.setSize());
        }

        Out disk(DiskInfo d) {
            return str(d.endpoint()).i64(d.totalBytes()).i64(d.freeBytes()).bool(d.online()).str(d.error());
        }

        Out volume(VolumeInfo v) {
            return str(v.name()).instant(v.created());
        }

        Out fileInfo(FileInfo f) {
            str(f.versionId()).nullableStr(f.dataDir()).instant(f.modTime()).i64(f.size()).str(f.etag())
                    .str(f.storageClass());
            i32(f.metadata().size());
            f.metadata().forEach((k, v) -> str(k).str(v));
            ErasureLayout e = f.erasure();
            str(e.codecId()).str(e.checksumId()).i32(e.dataShards()).i32(e.parityShards()).i32(e.blockSizeBytes())
                    .i32(e.index()).i32(e.distribution().size());
            e.distribution().forEach(this::i32);
            i32(f.parts().size());
            for (PartMeta p : f.parts()) {
                i32(p.number()).i64(p.size()).str(p.etag()).instant(p.modTime());
            }
            return nullableBytes(f.inlineData());
        }

        Out walkEntry(WalkEntry w) {
            str(w.name()).bool(w.info() != null);
            return w.info() == null ? this : fileInfo(w.info());
        }

        Out serverInfo(ServerInfo s) {
            return str(s.node()).i32(s.wireVersion()).strings(s.arguments()).str(s.deploymentId())
                    .str(s.credentialsFingerprint()).instant(s.startedAt()).instant(s.time());
        }

        /** Writes the answer of {@code lock/enter}: granted, and the waiters ahead (-1 without a place). */
        Out lockAnswer(LockAnswer a) {
            return bool(a.granted()).i32(a.ahead());
        }

        Out lockRequest(LockRequest r) {
            return str(r.resource()).str(r.uid()).str(r.owner());
        }

        /**
         * Writes the arguments of a lock call in line ({@code enter}, {@code leave}): the lock call format
         * ({@link Wire#LOCK_LINE_FORMAT}), the request with its ticket and start, and whether it is about a write.
         */
        Out lockInLine(LockRequest r, boolean exclusive) {
            return i32(Wire.LOCK_LINE_FORMAT).lockRequest(r).str(r.ticket()).i64(r.sinceMs()).bool(exclusive);
        }

        private Out raw(byte[] value) {
            bytes.write(value, 0, value.length);
            return this;
        }

        byte[] toBytes() {
            return bytes.toByteArray();
        }
    }

    /** Reads values written by {@link Out}, checking every length against the bytes left. */
    static final class In {
        private final ByteBuffer buf;

        In(byte[] body) {
            this.buf = ByteBuffer.wrap(body);
        }

        String str() throws MalformedException {
            return new String(raw(length(1)), StandardCharsets.UTF_8);
        }

        String nullableStr() throws MalformedException {
            return bool() ? str() : null;
        }

        int i32() throws MalformedException {
            try {
                return buf.getInt();
            } catch (BufferUnderflowException e) {
                throw new MalformedException("body ends early");
            }
        }

        long i64() throws MalformedException {
            try {
                return buf.getLong();
            } catch (BufferUnderflowException e) {
                throw new MalformedException("body ends early");
            }
        }

        boolean bool() throws MalformedException {
            try {
                byte b = buf.get();
                if (b != 0 && b != 1) {
                    throw new MalformedException("bad boolean " + b);
                }
                return b == 1;
            } catch (BufferUnderflowException e) {
                throw new MalformedException("body ends early");
            }
        }

        byte[] bytes() throws MalformedException {
            return raw(length(1));
        }

        byte[] nullableBytes() throws MalformedException {
            return bool() ? bytes() : null;
        }

        Instant instant() throws MalformedException {
            long seconds = i64();
            int nanos = i32();
            try {
                return Instant.ofEpochSecond(seconds, nanos);
            } catch (RuntimeException e) {
                throw new MalformedException("bad instant");
            }
        }

        List<String> strings() throws MalformedException {
            int n = length(4);
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(str());
            }
            return out;
        }

        FormatInfo format() throws MalformedException {
            int version = i32();
            String deployment = str();
            String driveId = str();
            int pool = i32();
            int set = i32();
            int position = i32();
            int setCount = i32();
            int setSize = i32();
            return valid(() -> new FormatInfo(version, deployment, driveId, pool, set, position, setCount, setSize));
        }

        DiskInfo disk() throws MalformedException {
            return new DiskInfo(str(), i64(), i64(), bool(), str());
        }

        VolumeInfo volume() throws MalformedException {
            return new VolumeInfo(str(), instant());
        }

        FileInfo fileInfo() throws MalformedException {
            String versionId = str();
            String dataDir = nullableStr();
            Instant modTime = instant();
            long size = i64();
            String etag = str();
            String storageClass = str();
            int metaCount = length(8);
            Map<String, String> metadata = new LinkedHashMap<>();
            for (int i = 0; i < metaCount; i++) {
                metadata.put(str(), str());
            }
            ErasureLayout erasure = erasure();
            int partCount = length(28);
            List<PartMeta> parts = new ArrayList<>(partCount);
            for (int i = 0; i < partCount; i++) {
                parts.add(new PartMeta(i32(), i64(), str(), instant()));
            }
            byte[] inline = nullableBytes();
            return valid(() -> new FileInfo(versionId, dataDir, modTime, size, etag, storageClass, metadata, erasure,
                    parts, inline));
        }

        private ErasureLayout erasure() throws MalformedException {
            String codecId = str();
            String checksumId = str();
            int data = i32();
            int parity = i32();
            int blockSize = i32();
            int index = i32();
            int n = length(4);
            List<Integer> distribution = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                distribution.add(i32());
            }
            return valid(() -> new ErasureLayout(codecId, checksumId, data, parity, blockSize, index, distribution));
        }

        WalkEntry walkEntry() throws MalformedException {
            String name = str();
            return new WalkEntry(name, bool() ? fileInfo() : null);
        }

        ServerInfo serverInfo() throws MalformedException {
            String node = str();
            int version = i32();
            List<String> arguments = strings();
            String deploymentId = str();
            String fingerprint = str();
            Instant startedAt = instant();
            Instant time = instant();
            return valid(() -> new ServerInfo(node, version, arguments, deploymentId, fingerprint, startedAt, time));
        }

        LockAnswer lockAnswer() throws MalformedException {
            boolean granted = bool();
            int ahead = i32();
            return valid(() -> new LockAnswer(granted, ahead));
        }

        LockRequest lockRequest() throws MalformedException {
            String resource = str();
            String uid = str();
            String owner = str();
            return valid(() -> new LockRequest(resource, uid, owner));
        }

        /**
         * Reads the request of a lock call in line, after its format; {@link #bool()} reads whether it is about a
         * write.
         */
        LockRequest lockInLine() throws MalformedException {
            int format = i32();
            if (format != Wire.LOCK_LINE_FORMAT) {
                throw new MalformedException("unsupported lock call format " + format);
            }
            String resource = str();
            String uid = str();
            String owner = str();
            String ticket = str();
            long since = i64();
            return valid(() -> new LockRequest(resource, uid, owner, ticket, since));
        }

        /**
         * Checks that the whole body was read.
         *
         * @throws MalformedException when bytes are left over
         */
        void end() throws MalformedException {
            if (buf.hasRemaining()) {
                throw new MalformedException(buf.remaining() + " unexpected bytes at the end of the body");
            }
        }

        private int length(int minElementBytes) throws MalformedException {
            int n = i32();
            if (n < 0 || (long) n * minElementBytes > buf.remaining()) {
                throw new MalformedException("bad length " + n);
            }
            return n;
        }

        private byte[] raw(int n) {
            byte[] out = new byte[n];
            buf.get(out);
            return out;
        }

        private static <T> T valid(Supplier<T> factory) throws MalformedException {
            try {
                return factory.get();
            } catch (RuntimeException e) {
                throw new MalformedException("invalid value: " + e.getMessage());
            }
        }
    }
}
