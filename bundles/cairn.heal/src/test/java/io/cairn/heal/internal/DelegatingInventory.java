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
import io.cairn.api.object.ObjectStoreException;

/** An inventory that passes every call to another; tests override the calls they change. */
class DelegatingInventory implements DriveInventory {

    private final DriveInventory target;

    DelegatingInventory(DriveInventory target) {
        this.target = target;
    }

    @Override
    public List<SetDrive> drives() {
        return target.drives();
    }

    @Override
    public List<String> buckets() throws ObjectStoreException {
        return target.buckets();
    }

    @Override
    public List<ScanEntry> scan(int pool, int set, String volume, String prefix, String afterKey, int max)
            throws ObjectStoreException {
        return target.scan(pool, set, volume, prefix, afterKey, max);
    }

    @Override
    public int finishCommits(int pool, int set, String volume, String key, List<Integer> positions)
            throws ObjectStoreException {
        return target.finishCommits(pool, set, volume, key, positions);
    }

    @Override
    public boolean formatFresh(int pool, int set, int position) throws ObjectStoreException {
        return target.formatFresh(pool, set, position);
    }

    @Override
    public Optional<byte[]> readState(int pool, int set, int position, String name) {
        return target.readState(pool, set, position, name);
    }

    @Override
    public boolean writeState(int pool, int set, int position, String name, byte[] data) {
        return target.writeState(pool, set, position, name, data);
    }

    @Override
    public void deleteState(int pool, int set, int position, String name) {
        target.deleteState(pool, set, position, name);
    }
}
