/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.Optional;
import java.util.function.Supplier;

import io.cairn.api.storage.Drive;
import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveFactory;
import io.cairn.api.storage.FormatInfo;

/**
 * A drive factory that asks the current provider on every call. Remote drives are opened through it, so when the
 * transport bundle is replaced the reconnect loop reopens them from the new provider; while there is none, every
 * call fails with {@code OFFLINE} and the drive simply counts as offline.
 */
final class DynamicDriveFactory implements DriveFactory {

    private final Supplier<DriveFactory> current;

    DynamicDriveFactory(Supplier<DriveFactory> current) {
        this.current = current;
    }

    @Override
    public Optional<FormatInfo> readFormat(String endpoint) throws DriveException {
        return factory(endpoint).readFormat(endpoint);
    }

    @Override
    public Drive open(String endpoint, FormatInfo expected) throws DriveException {
        return factory(endpoint).open(endpoint, expected);
    }

    private DriveFactory factory(String endpoint) throws DriveException {
        DriveFactory f = current.get();
        if (f == null) {
            throw new DriveException(DriveException.Reason.OFFLINE, "no remote drive factory to reach " + endpoint
                    + " (the peer transport is not running)");
        }
        return f;
    }
}
