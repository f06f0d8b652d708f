/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Hooks between the data path and healing.
 *
 * <p>The object layer reports every object it found damaged or incompletely written to a
 * {@link io.cairn.api.heal.HealQueue}; the healing service provides that queue and repairs the objects later.
 * When no queue is registered the object layer only counts and logs the damage.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cairn.api.heal;
