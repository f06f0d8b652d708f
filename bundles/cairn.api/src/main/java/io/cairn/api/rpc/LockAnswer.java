/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.api.rpc;

/**
 * A lock server's answer to {@link LockServer#enter}: granted, or refused with the requester's position in the
 * name's line, which tells it how soon to ask again.
 *
 * @param granted whether the entry is granted (also when the same uid already held it)
 * @param ahead when refused, how many waiters are ahead of the requester in line (0: only the current holders
 *     stand in its way), or -1 when it has no place (the line is full, or the server keeps none)
 */
public record LockAnswer(boolean granted, int ahead) {

    /** The answer of a grant. */
    public static final LockAnswer GRANTED = new LockAnswer(true, 0);

    /**
     * Validates the components.
     *
     * @param granted whether granted
     * @param ahead the waiters ahead, or -1
     */
    public LockAnswer {
        if (ahead < -1 || (granted && ahead != 0)) {
            throw new IllegalArgumentException("bad lock answer: granted " + granted + ", ahead " + ahead);
        }
    }

    /**
     * Returns a refusal.
     *
     * @param ahead the waiters ahead of the requester, or -1 without a place
     * @return the answer
     */
    public static LockAnswer refused(int ahead) {
        return new LockAnswer(false, ahead);
    }
}
