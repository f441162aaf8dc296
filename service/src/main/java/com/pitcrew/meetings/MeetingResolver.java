package com.pitcrew.meetings;

import com.pitcrew.directory.Account;
import com.pitcrew.directory.Contact;
import com.pitcrew.pipeline.MeetingScope;
import com.pitcrew.pipeline.ScopeResolver;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stage {@code meeting_resolution}: finds the accounts, people and time range a message is about, from the account
 * directory (names, aliases, contacts' full and first names) and common time phrases. Thread-safe: the patterns
 * are rebuilt only when the directory's account list changes and published through a volatile field.
 */
public final class MeetingResolver implements ScopeResolver {

    private static final Pattern LAST_N = Pattern.compile("\\b(?:last|past)\\s+(\\d{1,3})\\s+(day|week|month)s?\\b");

    private final Supplier<List<Account>> directory;
    private final Clock clock;
    private volatile Compiled compiled;

    private record Entry(Pattern pattern, Optional<String> account, Optional<String> person) {
    }

    /** The patterns built from one directory list instance. */
    private record Compiled(List<Account> source, List<Entry> entries) {
    }

    /**
     * Resolves against whatever accounts {@code directory} supplies. The supplier is called on every message and
     * must be cheap (the account directory's cached snapshot); the patterns are rebuilt only when it returns a
     * different list instance.
     */
    public MeetingResolver(Supplier<List<Account>> directory, Clock clock) {
        this.directory = Objects.requireNonNull(directory);
        this.clock = clock;
        this.compiled = compile(directory.get());
    }

    private static Compiled compile(List<Account> directory) {
        List<Entry> built = new ArrayList<>();
        for (Account account : directory) {
            Set<String> names = new LinkedHashSet<>();
            names.add(account.name());
            names.addAll(account.aliases());
            for (String name : names) {
                built.add(new Entry(word(name), Optional.of(account.name()), Optional.empty()));
            }
            for (Contact contact : account.contacts()) {
                built.add(new Entry(word(contact.name()), Optional.of(account.name()), Optional.of(contact.name())));
                built.add(new Entry(word(contact.firstName()), Optional.of(account.name()),
                        Optional.of(contact.name())));
            }
        }
        return new Compiled(directory, List.copyOf(built));
    }

    private List<Entry> entries() {
        Compiled current = compiled;
        List<Account> latest = directory.get();
        if (latest != current.source()) {
            current = compile(latest);
            compiled = current; // a racing rebuild builds the same thing; the last write wins harmlessly
        }
        return current.entries();
    }

    private static Pattern word(String name) {
        return Pattern.compile("(?<![\\p{L}\\d])" + Pattern.quote(name.toLowerCase(Locale.ROOT)) + "(?![\\p{L}\\d])");
    }

    @Override
    public MeetingScope resolve(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        // Accounts and people in the order the message names them, whatever the directory's order.
        TreeMap<Integer, List<Entry>> found = new TreeMap<>();
        for (Entry entry : entries()) {
            Matcher matcher = entry.pattern().matcher(lower);
            if (matcher.find()) {
                found.computeIfAbsent(matcher.start(), at -> new ArrayList<>()).add(entry);
            }
        }
        Set<String> accounts = new LinkedHashSet<>();
        Set<String> people = new LinkedHashSet<>();
        for (List<Entry> atPosition : found.values()) {
            for (Entry entry : atPosition) {
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
