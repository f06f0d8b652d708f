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
 * <p>The object layer also provides {@link io.cairn.api.heal.ObjectHealer} (repair one object or bucket) and
 * {@link io.cairn.api.heal.DriveInventory} (drive states, scans, heal state files); the healing service provides
 * {@link io.cairn.api.heal.HealService} for operators.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package io.cairn.api.heal;
