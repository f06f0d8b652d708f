/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.admin.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.cairn.api.erasure.BitrotChecksum;
import io.cairn.api.erasure.ErasureCodec;
import io.cairn.api.object.DriveStatus;
import io.cairn.api.object.StorageStatus;

/**
 * {@code cairn:info}: what this node runs — version, endpoint, drives, pools and sets as parsed from the command
 * line, and which codec and transport services are registered (the highest-ranked provider of a codec id serves).
 */
@Component(service = InfoCommand.class, configurationPid = "io.cairn.node",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"osgi.command.scope=cairn", "osgi.command.function=info"})
public final class InfoCommand {

    private final BundleContext context;
    private final Map<String, Object> config;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile StorageStatus storage;

    @Activate
    public InfoCommand(BundleContext context, Map<String, Object> config) {
        this.context = context;
        this.config = config;
    }

    /**
     * Describes this node.
     *
     * @return the description, one fact per line
     */
    public String info() {
        StringBuilder text = new StringBuilder();
        text.append("Cairn ").append(version()).append('\n');
        text.append("Endpoint:   ").append(setting("address", ":9000")).append('\n');
        text.append(LayoutText.describe(setting("volumes", "")));
        text.append(driveStates());
        text.append(services("Codecs:     ", ErasureCodec.class.getName(), ErasureCodec.CODEC_ID));
        text.append(services("Checksums:  ", BitrotChecksum.class.getName(), BitrotChecksum.CHECKSUM_ID));
        text.append(services("Transports: ", null, "transport.id"));
        return text.toString();
    }

    private String driveStates() {
        StorageStatus status = storage;
        if (status == null) {
            return "Status:     object store not started\n";
        }
        List<DriveStatus> drives = status.drives();
        long online = drives.stream().filter(DriveStatus::online).count();
        StringBuilder text = new StringBuilder();
        text.append("Status:     ").append(online).append(" Online, ").append(drives.size() - online)
                .append(" Offline\n");
        text.append("Deployment: ").append(status.deploymentId()).append('\n');
        for (DriveStatus drive : drives) {
            text.append(String.format(java.util.Locale.ROOT, "  pool %d set %d drive %d  %-7s %s%s%n",
                    drive.pool() + 1, drive.set() + 1, drive.position() + 1, drive.online() ? "online" : "OFFLINE",
                    drive.endpoint(), drive.online() ? freeSpace(drive) : "  (" + drive.error() + ")"));
        }
        text.append("Bitrot:     ").append(status.bitrotErrors()).append(" corrupt shard blocks detected\n");
        return text.toString();
    }

    private static String freeSpace(DriveStatus drive) {
        long mib = 1024L * 1024L;
        return "  " + drive.freeBytes() / mib + " MiB free of " + drive.totalBytes() / mib + " MiB";
    }

    /** The release as {@code cairn version} prints it; the bundle's OSGi form only when the launcher set none. */
    private String version() {
        return setting("version", String.valueOf(context.getBundle().getVersion()));
    }

    private String setting(String key, String fallback) {
        Object value = config.get(key);
        return value == null ? fallback : value.toString();
    }

    private String services(String label, String type, String idProperty) {
        List<ServiceReference<?>> refs = new ArrayList<>();
        try {
            ServiceReference<?>[] found = context.getAllServiceReferences(type, "(" + idProperty + "=*)");
            if (found != null) {
                refs.addAll(List.of(found));
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs.isEmpty()) {
            return label + "none registered\n";
        }
        refs.sort(Comparator.<ServiceReference<?>, String>comparing(r -> String.valueOf(r.getProperty(idProperty)))
                .thenComparing(Comparator.reverseOrder()));
        StringBuilder text = new StringBuilder();
        String previousId = null;
        for (ServiceReference<?> ref : refs) {
            String id = String.valueOf(ref.getProperty(idProperty));
            text.append(text.length() == 0 ? label : " ".repeat(label.length()));
            text.append(id).append("  ").append(implementation(ref))
                    .append("  ranking ").append(ranking(ref))
                    .append("  (").append(ref.getBundle().getSymbolicName()).append(' ')
                    .append(ref.getBundle().getVersion()).append(')')
                    .append(id.equals(previousId) ? "  standby" : "  active").append('\n');
            previousId = id;
        }
        return text.toString();
    }

    private static String implementation(ServiceReference<?> ref) {
        Object impl = ref.getProperty(ErasureCodec.IMPLEMENTATION);
        return impl == null ? "-" : impl.toString();
    }

    private static int ranking(ServiceReference<?> ref) {
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        return ranking instanceof Integer value ? value : 0;
    }
}
