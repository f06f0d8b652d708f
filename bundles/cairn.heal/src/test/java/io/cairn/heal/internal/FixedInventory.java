/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.heal.internal;

import java.util.List;
import java.util.Optional;

import io.cairn.api.heal.DriveInventory;
import io.cairn.api.heal.ScanEntry;
import io.cairn.api.heal.SetDrive;

/**
 * An inventory of fixed drives and one bucket whose objects a scan returns in a single page; no drive is fresh and
 * no state is stored.
 *
 * @param drives the drives
 * @param bucket the bucket
 * @param objects what a scan of the bucket returns
 */
record FixedInventory(List<SetDrive> drives, String bucket, List<ScanEntry> objects) implements DriveInventory {

    @Override
    public List<String> buckets() {
        return List.of(bucket);
    }

    @Override
    public List<ScanEntry> scan(int pool, int set, String volume, String prefix, String afterKey, int max) {
        return volume.equals(bucket) && afterKey.isEmpty() ? objects : List.of();
    }

    @Override
    public boolean formatFresh(int pool, int set, int position) {
        return false;
    }

    @Override
    public Optional<byte[]> readState(int pool, int set, int position, String name) {
        return Optional.empty();
    }

    @Override
    public boolean writeState(int pool, int set, int position, String name, byte[] data) {
        return false;
    }

    @Override
    public void deleteState(int pool, int set, int position, String name) {
        // Nothing stored.
    }
}
