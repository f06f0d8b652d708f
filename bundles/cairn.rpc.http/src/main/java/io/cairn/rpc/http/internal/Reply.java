/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

import java.nio.charset.StandardCharsets;

import io.cairn.api.storage.DriveException;
import io.cairn.api.storage.DriveException.Reason;

/**
 * The answer to a unary call that reached the peer.
 *
 * @param status the HTTP status, 200 on success
 * @param code the error code of a failed call, empty on success
 * @param body the result on success, the UTF-8 message on failure
 */
record Reply(int status, String code, byte[] body) {

    /** @return {@code true} when the call succeeded */
    boolean ok() {
        return status == 200;
    }

    /** @return the failure message */
    String message() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Turns a failed drive call into the drive exception the callee raised.
     *
     * @param node the callee, for the message
     * @return the exception
     */
    DriveException driveError(String node) {
        Reason reason = Reason.IO;
        if (code.startsWith(Wire.DRIVE_PREFIX)) {
            try {
                reason = Reason.valueOf(code.substring(Wire.DRIVE_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                reason = Reason.IO;
            }
        } else if (code.equals(Wire.UNAVAILABLE)) {
            reason = Reason.OFFLINE;
        }
        return new DriveException(reason, node + ": " + message());
    }
}
