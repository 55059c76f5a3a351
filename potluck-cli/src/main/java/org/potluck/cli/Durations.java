package org.potluck.cli;

import java.time.Duration;
import picocli.CommandLine;

/** Reads durations the way people write them: 90s, 5m, 2h, or a bare number of seconds. */
final class Durations implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            char unit = v.charAt(v.length() - 1);
            long n = Character.isDigit(unit) ? Long.parseLong(v) : Long.parseLong(v.substring(0, v.length() - 1));
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> {
                    if (Character.isDigit(unit)) {
                        yield Duration.ofSeconds(n);
                    }
                    throw new CommandLine.TypeConversionException("unknown unit in '" + value + "': use s, m or h");
                }
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 90s, 5m or 2h");
        }
    }
}
