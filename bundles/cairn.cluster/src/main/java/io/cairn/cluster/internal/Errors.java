/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.List;

import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.storage.DriveException;

/**
 * Turns the drive failures of a quorum operation into one object store error.
 */
final class Errors {

    private Errors() {
    }

    /**
     * Counts the outcomes that failed with a reason.
     *
     * @param outcomes per drive outcomes ({@code null} entries are skipped drives)
     * @param reason the reason to count
     * @return the count
     */
    static int count(List<? extends Engine.Outcome<?>> outcomes, DriveException.Reason reason) {
        int n = 0;
        for (Engine.Outcome<?> o : outcomes) {
            if (o != null && o.error() instanceof DriveException de && de.reason() == reason) {
                n++;
            }
        }
        return n;
    }

    /**
     * Builds the error of a write that did not reach its quorum: a full drive or a missing bucket when those
     * explain the failure, else the quorum error itself.
     *
     * @param outcomes per drive outcomes
     * @param what the operation and object, for the message
     * @param ok how many drives succeeded
     * @param needed the write quorum
     * @return the exception to throw
     */
    static ObjectStoreException writeQuorum(List<? extends Engine.Outcome<?>> outcomes, String what, int ok,
            int needed) {
        String message = what + ": " + ok + " of " + needed + " drives needed for write quorum"
                + firstError(outcomes);
        if (count(outcomes, DriveException.Reason.VOLUME_NOT_FOUND) >= needed) {
            return new ObjectStoreException(ErrorKind.NO_SUCH_BUCKET, "no such bucket (" + what + ")");
        }
        if (count(outcomes, DriveException.Reason.FULL) > 0) {
            return new ObjectStoreException(ErrorKind.DRIVE_FULL, message);
        }
        return new ObjectStoreException(ErrorKind.WRITE_QUORUM, message);
    }

    /**
     * Returns {@code "; first error: ..."} for messages, or an empty string.
     *
     * @param outcomes per drive outcomes
     * @return the text
     */
    static String firstError(List<? extends Engine.Outcome<?>> outcomes) {
        for (Engine.Outcome<?> o : outcomes) {
            if (o != null && o.error() != null) {
                return "; first error: " + o.error().getMessage();
            }
        }
        return "";
    }

    /**
     * Wraps an unexpected failure.
     *
     * @param e the failure
     * @param what the operation
     * @return an {@code INTERNAL} exception, or {@code e} itself when it already is an object store exception
     */
    static ObjectStoreException internal(Exception e, String what) {
        if (e instanceof ObjectStoreException ose) {
            return ose;
        }
        return new ObjectStoreException(ErrorKind.INTERNAL, what + ": " + e, e);
    }
}
