/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.rpc.http.internal;

/**
 * Constants of the wire format shared by client and server. See {@code docs/architecture.md}, "Peer transport and
 * locks", for the whole picture.
 *
 * <p>Every call is a {@code POST} to {@code /cairn/rpc/v1/<service>/<operation>} over HTTP/2. Its arguments are
 * the request body encoded by {@link WireCodec} (or, for the one upload call, the {@value #ARGS_HEADER} header,
 * base64url encoded, while the body carries the framed data of {@link FrameOutputStream}). A result is the
 * response body; a failure is a non-200 status with the error code in {@value #ERROR_HEADER} and a UTF-8 message
 * as body.
 */
final class Wire {

    /** The wire format version this implementation speaks; sent in {@value #VERSION_HEADER} with every call. */
    static final int VERSION = 1;

    /**
     * The format of the lock calls in line ({@code lock/enter}, {@code lock/leave}), the first field of their
     * arguments. Format 1 is the original set of lock calls ({@code lock/lock}, {@code lock/readLock},
     * {@code lock/unlock}, {@code lock/readUnlock}, {@code lock/refresh}), which every node still serves. A node
     * that predates the calls in line refuses them as {@value #BAD_REQUEST}; its callers then use the format 1
     * calls with that node.
     */
    static final int LOCK_LINE_FORMAT = 2;

    /**
     * The format of the calls ending a two-phase commit ({@code drive/finishCommit}, {@code drive/undoCommit}), the
     * first field of their arguments after the drive path. A node that predates them refuses them as
     * {@value #BAD_REQUEST}; such a node's {@code commitObject} drops the previous version at once, so its callers
     * skip {@code finishCommit} and undo a commit there by deleting the object when it holds the committed version.
     */
    static final int TWO_PHASE_COMMIT_FORMAT = 1;

    /**
     * The format of {@code drive/commitObjectReporting}, the first field of its arguments after the drive path: the
     * arguments of {@code drive/commitObject}, answered with whether the commit left anything for
     * {@code drive/finishCommit}. A node that predates it refuses it as {@value #BAD_REQUEST} without committing;
     * its callers then send {@code drive/commitObject} and finish the commit as before.
     */
    static final int COMMIT_REPORT_FORMAT = 1;

    /**
     * The format of {@code drive/walkReporting}, the first field of its arguments after the drive path: the
     * arguments of {@code drive/walk}, answered with the same entries each followed by whether a finish of the
     * object's commit would drop something on the drive (storage API 1.7). A node that predates it refuses it as
     * {@value #BAD_REQUEST}; its callers then send {@code drive/walk}, whose entries report nothing to finish.
     */
    static final int WALK_REPORT_FORMAT = 1;

    /**
     * The format of {@code drive/walkWithOrphans}, the first field of its arguments after the drive path: the
     * arguments of {@code drive/walk}, answered as {@code drive/walkReporting} answers, with orphans among the
     * entries (storage API 1.8): an entry without metadata that reports something to finish is a key that holds no
     * metadata on the drive, only data a finish would remove. A node that predates it refuses it as
     * {@value #BAD_REQUEST}; its callers then walk without orphans.
     */
    static final int WALK_ORPHANS_FORMAT = 1;

    /**
     * The format of {@code peer/back}, the first field of its arguments, followed by the caller's {@code host:port}:
     * a node that starts serving its drives tells each peer so, and the peer probes it at once instead of after its
     * probe backoff. A node that predates the call refuses it as {@value #BAD_REQUEST}; the caller ignores that, and
     * such a peer finds the node by its probes as before.
     */
    static final int RETURN_FORMAT = 1;

    /** The path prefix the server handler is registered for. */
    static final String PREFIX = "/cairn/rpc/";

    /** The path prefix of the calls of this wire version. */
    static final String BASE = PREFIX + "v" + VERSION + "/";

    /** Header: the wire format version of the call. */
    static final String VERSION_HEADER = "X-Cairn-Rpc-Version";
    /** Header: the caller's clock in milliseconds since the epoch. */
    static final String DATE_HEADER = "X-Cairn-Rpc-Date";
    /** Header: hex SHA-256 of the body, or {@value #UNSIGNED_STREAM} for an upload. */
    static final String CONTENT_HASH_HEADER = "X-Cairn-Rpc-Content-Sha256";
    /** Header: the arguments of an upload call (base64url of the encoded arguments). */
    static final String ARGS_HEADER = "X-Cairn-Rpc-Args";
    /** Header: the error code of a failed call. */
    static final String ERROR_HEADER = "X-Cairn-Rpc-Error";
    /** Header value of {@value #CONTENT_HASH_HEADER} for a streamed, framed body. */
    static final String UNSIGNED_STREAM = "UNSIGNED-STREAM";
    /** Authorization scheme. */
    static final String SCHEME = "CAIRN-RPC-HMAC-SHA256";
    /** Content type of request and response bodies. */
    static final String CONTENT_TYPE = "application/x-cairn-rpc";

    /** Largest accepted difference between the caller's and the callee's clock. */
    static final long MAX_SKEW_MS = 15L * 60 * 1000;
    /** Largest unary request or response body (a {@code readAll} of 16 MiB plus headroom). */
    static final int MAX_BODY_BYTES = 20 << 20;

    /** Error code: the drive is not open on the callee (it restarted); the caller opens it again and retries. */
    static final String NOT_OPEN = "NOT_OPEN";
    /** Error code: the signature or the date was refused. */
    static final String UNAUTHORIZED = "UNAUTHORIZED";
    /** Error code: the wire version is not supported. */
    static final String INCOMPATIBLE = "INCOMPATIBLE";
    /** Error code: the request is malformed. */
    static final String BAD_REQUEST = "BAD_REQUEST";
    /** Error code: the service needed is not available on the callee (no local drives, no lock server). */
    static final String UNAVAILABLE = "UNAVAILABLE";
    /**
     * {@code Retry-After} value of an {@value #UNAVAILABLE} refusal by a stopping handler (bundle hot swap): the
     * call did not run, and sent again it reaches the handler's successor. Callers send such a call once more.
     */
    static final String RETRY_NOW = "0";
    /** Error code: an unexpected failure on the callee. */
    static final String INTERNAL = "INTERNAL";
    /** Prefix of error codes carrying a {@code DriveException.Reason}. */
    static final String DRIVE_PREFIX = "DRIVE_";

    private Wire() {
    }
}
