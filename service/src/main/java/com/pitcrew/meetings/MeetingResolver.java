package com.pitcrew.meetings;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stage {@code meeting_resolution}: finds the accounts, people and time range a message is about, from the account
 * directory (names, aliases, contacts' full and first names) and common time phrases. Immutable and thread-safe.
 */
public final class MeetingResolver {

    private static final Pattern LAST_N = Pattern.compile("\\b(?:last|past)\\s+(\\d{1,3})\\s+(day|week|month)s?\\b");

    private final List<Entry> entries;
    private final Clock clock;

    record Contact(String name, String role) {
    }

    record Account(String account, List<String> aliases, List<Contact> contacts) {
    }

    private record Entry(Pattern pattern, Optional<String> account, Optional<String> person) {
    }

    MeetingResolver(List<Account> directory, Clock clock) {
        List<Entry> built = new ArrayList<>();
        for (Account account : directory) {
            Set<String> names = new LinkedHashSet<>();
            names.add(account.account());
            names.addAll(account.aliases());
            for (String name : names) {
                built.add(new Entry(word(name), Optional.of(account.account()), Optional.empty()));
            }
            for (Contact contact : account.contacts()) {
                String first = contact.name().split(" ")[0];
                built.add(new Entry(word(contact.name()), Optional.of(account.account()), Optional.of(contact.name())));
                built.add(new Entry(word(first), Optional.of(account.account()), Optional.of(contact.name())));
            }
        }
        this.entries = List.copyOf(built);
        this.clock = clock;
    }

    /** The sample world's account directory, shipped in the jar. */
    public static MeetingResolver fromBundledDirectory(Clock clock) {
        return new MeetingResolver(bundledDirectory(), clock);
    }

    /** The account directory shipped in the jar; the draft handler also reads contacts' roles from it. */
    static List<Account> bundledDirectory() {
        try (InputStream in = MeetingResolver.class.getResourceAsStream("/meetings/accounts.json")) {
            if (in == null) {
                throw new IllegalStateException("meetings/accounts.json is missing from the jar");
            }
            return new ObjectMapper().readValue(in, new TypeReference<List<Account>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read meetings/accounts.json", e);
        }
    }

    private static Pattern word(String name) {
        return Pattern.compile("(?<![\\p{L}\\d])" + Pattern.quote(name.toLowerCase(Locale.ROOT)) + "(?![\\p{L}\\d])");
    }

    public MeetingScope resolve(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Set<String> accounts = new LinkedHashSet<>();
        Set<String> people = new LinkedHashSet<>();
        for (Entry entry : entries) {
            if (entry.pattern().matcher(lower).find()) {
                entry.account().ifPresent(accounts::add);
                entry.person().ifPresent(people::add);
            }
        }
        return new MeetingScope(List.copyOf(accounts), List.copyOf(people), timeRange(lower));
    }

    private Optional<MeetingScope.TimeRange> timeRange(String lower) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Instant now = clock.instant();
        Matcher lastN = LAST_N.matcher(lower);
        if (lastN.find()) {
            int count = Integer.parseInt(lastN.group(1));
            Duration span = switch (lastN.group(2)) {
                case "day" -> Duration.ofDays(count);
                case "week" -> Duration.ofDays(7L * count);
                default -> Duration.ofDays(30L * count);
            };
            return Optional.of(new MeetingScope.TimeRange(now.minus(span), now, lastN.group()));
        }
        Map<String, MeetingScope.TimeRange> phrases = new java.util.LinkedHashMap<>();
        LocalDate thisMonday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        phrases.put("yesterday", range(today.minusDays(1), today, "yesterday"));
        phrases.put("today", range(today, today.plusDays(1), "today"));
        phrases.put("last week", range(thisMonday.minusWeeks(1), thisMonday, "last week"));
        phrases.put("this week", range(thisMonday, today.plusDays(1), "this week"));
        phrases.put("last month", range(today.withDayOfMonth(1).minusMonths(1), today.withDayOfMonth(1), "last month"));
        phrases.put("this month", range(today.withDayOfMonth(1), today.plusDays(1), "this month"));
        phrases.put("this quarter", range(quarterStart(today), today.plusDays(1), "this quarter"));
        phrases.put("recent", new MeetingScope.TimeRange(now.minus(Duration.ofDays(30)), now, "recent"));
        for (Map.Entry<String, MeetingScope.TimeRange> phrase : phrases.entrySet()) {
            if (lower.contains(phrase.getKey())) {
                return Optional.of(phrase.getValue());
            }
        }
        return Optional.empty();
    }

    private static LocalDate quarterStart(LocalDate day) {
        int firstMonth = ((day.getMonthValue() - 1) / 3) * 3 + 1;
        return LocalDate.of(day.getYear(), firstMonth, 1);
    }

    private static MeetingScope.TimeRange range(LocalDate from, LocalDate to, String phrase) {
        return new MeetingScope.TimeRange(from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to.atStartOfDay(ZoneOffset.UTC).toInstant(), phrase);
    }
}
