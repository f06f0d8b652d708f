/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Splits the {@code cairn server} arguments into options and endpoints. Options take their value as the next
 * argument ({@code --address :9000}) or after {@code =} ({@code --address=:9000}); an option given twice keeps the
 * last value; {@code --} ends the options. {@code --help} anywhere before {@code --} wins over everything else, so
 * help works even next to a mistake.
 */
final class CommandLine {

    private static final Set<String> WITH_VALUE = Set.of("--address", "--console-address");
    private static final Set<String> HELP = Set.of("--help", "-h");
    private static final String END_OF_OPTIONS = "--";

    private CommandLine() {
    }

    /**
     * Parses the arguments.
     *
     * @param args the arguments
     * @param options receives each option name and its value (null for {@code --help})
     * @return the positional arguments (the endpoints)
     * @throws ServerOptionsException for an unknown option or a missing value
     */
    static List<String> parse(List<String> args, BiConsumer<String, String> options) {
        for (String arg : args) {
            if (arg.equals(END_OF_OPTIONS)) {
                break;
            }
            if (HELP.contains(arg)) {
                options.accept("--help", null);
                return List.of();
            }
        }
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals(END_OF_OPTIONS)) {
                positional.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                positional.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (!WITH_VALUE.contains(name)) {
                throw new ServerOptionsException("Unknown option " + name + "; see cairn server --help");
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new ServerOptionsException(name + " needs a value, like " + name + " :9000");
            }
            options.accept(name, value);
        }
        return positional;
    }
}
