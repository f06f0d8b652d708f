/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.object;

import java.time.Instant;

/**
 * HTTP conditionals, evaluated by the engine against the current object under its lock. Any component may be
 * {@code null} (not given). The ETag conditions are header values as HTTP defines them: {@code "*"} (any existing
 * object) or a list of entity tags, evaluated by {@link EntityTags} (If-Match with the strong comparison,
 * If-None-Match with the weak one).
 *
 * @param ifMatch the object must exist with one of these ETags (or {@code "*"})
 * @param ifNoneMatch the object must have none of these ETags ({@code "*"}: must not exist)
 * @param ifModifiedSince the object must have been modified after this time
 * @param ifUnmodifiedSince the object must not have been modified after this time
 */
public record Conditions(String ifMatch, String ifNoneMatch, Instant ifModifiedSince, Instant ifUnmodifiedSince) {

    /** No conditions. */
    public static final Conditions NONE = new Conditions(null, null, null, null);

    /**
     * Tells whether no condition is set.
     *
     * @return {@code true} when every component is {@code null}
     */
    public boolean isEmpty() {
        return ifMatch == null && ifNoneMatch == null && ifModifiedSince == null && ifUnmodifiedSince == null;
    }
}
