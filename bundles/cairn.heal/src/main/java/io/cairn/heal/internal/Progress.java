/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;

import io.cairn.api.heal.HealStatus;

/**
 * The progress of one heal task: where it is (volume and last key done) and its counters. A drive heal stores it
 * on the drive being healed (the tracker) so that it resumes there after a restart; the serialised form carries a
 * format version. Thread-safe.
 */
final class Progress {

    /** Version of the serialised form: 2 adds the count of objects left without a copy ({@link #gaps()}). */
    static final int FORMAT_VERSION = 2;

    final String id;
    final String kind;
    final String scope;
    final Instant started;
    private String state = "scanning";
    private Instant finished;
    private long objectsTotal;
    private long bytesTotal;
    private long objectsDone;
    private long bytesDone;
    private long healed;
    private long failed;
    private long gaps;
    private String volume = "";
    private String lastKey = "";
    private final long runStartNanos = System.nanoTime();
    private long bytesAtRunStart;
    private long endNanos;

    Progress(String id, String kind, String scope, Instant started) {
        this.id = id;
        this.kind = kind;
        this.scope = scope;
        this.started = started;
    }

    synchronized void counted(long objects, long bytes) {
        objectsTotal = objects;
        bytesTotal = bytes;
        state = "healing";
    }

    synchronized boolean counted() {
        return !"scanning".equals(state);
    }

    synchronized void done(String volumeName, String key, long bytes, boolean wasHealed, boolean wasFailed) {
        done(volumeName, key, bytes, wasHealed, wasFailed, wasFailed);
    }

    /**
     * Counts one object examined.
     *
     * @param volumeName its volume
     * @param key its key
     * @param bytes its size
     * @param wasHealed whether it was healed
     * @param wasFailed whether its heal failed or was skipped
     * @param leftAGap whether it may still lack copies (failed, skipped, or dangling: not rebuildable now)
     */
    synchronized void done(String volumeName, String key, long bytes, boolean wasHealed, boolean wasFailed,
            boolean leftAGap) {
        objectsDone++;
        bytesDone += bytes;
        healed += wasHealed ? 1 : 0;
        failed += wasFailed ? 1 : 0;
        gaps += leftAGap ? 1 : 0;
        volume = volumeName;
        lastKey = key;
    }

    synchronized void volumeDone(String volumeName) {
        volume = volumeName;
        lastKey = "\uffff";
    }

    synchronized void end(String endState) {
        state = endState;
        finished = Instant.now();
        endNanos = System.nanoTime();
    }

    /** Marks a progress read back from its tracker as running again. */
    synchronized void resume() {
        if (!"scanning".equals(state)) {
            state = "healing";
        }
        finished = null;
    }

    synchronized String volume() {
        return volume;
    }

    synchronized String lastKey() {
        return lastKey;
    }

    synchronized boolean running() {
        return finished == null;
    }

    synchronized long objectsDone() {
        return objectsDone;
    }

    /**
     * Returns how many objects examined may still lack copies: a drive heal with gaps did not fill its drive.
     *
     * @return the objects failed, skipped or dangling
     */
    synchronized long gaps() {
        return gaps;
    }

    synchronized String state() {
        return state;
    }

    /**
     * Returns the status view.
     *
     * @return the task's snapshot
     */
    synchronized HealStatus.Task snapshot() {
        long until = finished == null ? System.nanoTime() : endNanos;
        double seconds = Math.max(1e-3, (until - runStartNanos) / 1e9);
        double rate = (bytesDone - bytesAtRunStart) / seconds;
        long remaining = Math.max(0, bytesTotal - bytesDone);
        long eta = finished != null ? 0 : !counted() || rate <= 0 ? -1 : (long) Math.ceil(remaining / rate);
        return new HealStatus.Task(id, kind, scope, state, started, finished, objectsTotal, objectsDone, bytesTotal,
                bytesDone, healed, failed, rate, eta);
    }

    /**
     * Serialises the progress.
     *
     * @return the tracker bytes
     */
    synchronized byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT_VERSION);
            out.writeUTF(id);
            out.writeUTF(kind);
            out.writeUTF(scope);
            out.writeLong(started.toEpochMilli());
            out.writeUTF(state);
            out.writeLong(objectsTotal);
            out.writeLong(bytesTotal);
            out.writeLong(objectsDone);
            out.writeLong(bytesDone);
            out.writeLong(healed);
            out.writeLong(failed);
            out.writeUTF(volume);
            out.writeUTF(lastKey);
            out.writeLong(gaps);
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen in memory", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a serialised progress.
     *
     * @param data the tracker bytes
     * @return the progress, positioned where it stopped
     * @throws IOException when the data is not a tracker of a known format version
     */
    static Progress decode(byte[] data) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readInt();
            if (version != 1 && version != FORMAT_VERSION) {
                throw new IOException("unknown heal tracker format " + version);
            }
            Progress p = new Progress(in.readUTF(), in.readUTF(), in.readUTF(), Instant.ofEpochMilli(in.readLong()));
            p.state = in.readUTF();
            p.objectsTotal = in.readLong();
            p.bytesTotal = in.readLong();
            p.objectsDone = in.readLong();
            p.bytesDone = in.readLong();
            p.bytesAtRunStart = p.bytesDone;
            p.healed = in.readLong();
            p.failed = in.readLong();
            p.volume = in.readUTF();
            p.lastKey = in.readUTF();
            p.gaps = version >= 2 ? in.readLong() : 0;
            return p;
        }
    }
}
