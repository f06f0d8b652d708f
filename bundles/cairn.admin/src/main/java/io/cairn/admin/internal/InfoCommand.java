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

import io.cairn.api.erasure.ErasureCodec;

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
        text.append(services("Codecs:     ", ErasureCodec.class.getName(), ErasureCodec.CODEC_ID));
        text.append(services("Transports: ", null, "transport.id"));
        return text.toString();
    }

    private String version() {
        return String.valueOf(context.getBundle().getVersion());
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
