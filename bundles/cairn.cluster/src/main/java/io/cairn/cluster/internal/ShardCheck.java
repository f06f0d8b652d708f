/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import io.cairn.api.erasure.BitrotChecksum;
import io.cairn.api.heal.DriveHealState;
import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.FileInfo;
import io.cairn.api.storage.PartMeta;

/**
 * Checks one drive's shard files of an object version: a normal check makes sure every shard file (or the inline
 * data) is there and long enough; a deep check reads every shard block and verifies its bitrot checksum.
 */
final class ShardCheck {

    private ShardCheck() {
    }

    /**
     * Checks a drive's copy.
     *
     * @param drive the drive
     * @param volume the volume
     * @param key the key
     * @param fi the drive's metadata of the version (with inline data)
     * @param checksum the checksum the version was written with
     * @param deep whether every block's checksum is verified
     * @return {@code OK}, {@code MISSING} (a shard file is missing), {@code CORRUPT} or {@code OFFLINE}
     */
    static DriveHealState check(Drive drive, String volume, String key, FileInfo fi, BitrotChecksum checksum,
            boolean deep) {
        int k = fi.erasure().dataShards();
        int blockSize = fi.erasure().blockSizeBytes();
        int c = checksum.sizeBytes();
        if (fi.dataDir() == null) {
            byte[] inline = fi.inlineData();
            BlockLayout layout = new BlockLayout(fi.size(), blockSize, k, c);
            if (inline == null) {
                return fi.size() == 0 ? DriveHealState.OK : DriveHealState.CORRUPT;
            }
            if (inline.length != layout.shardFileSize()) {
                return DriveHealState.CORRUPT;
            }
            try {
                return !deep || framesOk(new ByteArrayInputStream(inline), layout, checksum) ? DriveHealState.OK
                        : DriveHealState.CORRUPT;
            } catch (IOException e) {
                return DriveHealState.CORRUPT;
            }
        }
        for (PartMeta part : fi.parts()) {
            BlockLayout layout = new BlockLayout(part.size(), blockSize, k, c);
            long size = layout.shardFileSize();
            if (size == 0) {
                continue;
            }
            DriveHealState s = checkPart(drive, volume, key, fi.dataDir(), part.number(), layout, checksum, deep);
            if (s != DriveHealState.OK) {
                return s;
            }
        }
        return DriveHealState.OK;
    }

    private static DriveHealState checkPart(Drive drive, String volume, String key, String dataDir, int part,
            BlockLayout layout, BitrotChecksum checksum, boolean deep) {
        long size = layout.shardFileSize();
        try (InputStream in = deep ? drive.readShard(volume, key, dataDir, part, 0, size)
                : drive.readShard(volume, key, dataDir, part, size - 1, 1)) {
            if (deep) {
                return framesOk(in, layout, checksum) ? DriveHealState.OK : DriveHealState.CORRUPT;
            }
            return in.read() >= 0 ? DriveHealState.OK : DriveHealState.CORRUPT;
        } catch (DriveException e) {
            return switch (e.reason()) {
                case OFFLINE -> DriveHealState.OFFLINE;
                case FILE_NOT_FOUND, VOLUME_NOT_FOUND -> DriveHealState.MISSING;
                default -> DriveHealState.CORRUPT;
            };
        } catch (IOException e) {
            return DriveHealState.CORRUPT;
        }
    }

    /**
     * Reads every frame of a shard file and verifies its checksum.
     *
     * @param in the shard file from its start
     * @param layout the part's layout
     * @param checksum the checksum
     * @return {@code true} when every frame is complete and intact
     * @throws IOException when reading fails
     */
    static boolean framesOk(InputStream in, BlockLayout layout, BitrotChecksum checksum) throws IOException {
        int c = checksum.sizeBytes();
        byte[] frame = new byte[c + BlockLayout.shardLength(layout.blockSize(), layout.dataShards())];
        byte[] sum = new byte[c];
        for (long j = 0; j < layout.blocks(); j++) {
            int len = layout.shardLength(j);
            if (in.readNBytes(frame, 0, c + len) != c + len) {
                return false;
            }
            checksum.checksum(frame, c, len, sum, 0);
            if (!Arrays.equals(sum, 0, c, frame, 0, c)) {
                return false;
            }
        }
        return true;
    }
}
