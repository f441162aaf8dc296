package com.pitcrew.directory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accounts from CSV with the header {@code name,domains,aliases,contacts}: domains and aliases separated by
 * {@code ;}, contacts as {@code Name (Role)} separated by {@code ;} (the first is who a draft goes to). Fields may be
 * quoted as in RFC 4180. Every bad line is reported with its number; a file with any is refused whole. Stateless.
 */
public final class AccountsCsv {

    static final List<String> HEADER = List.of("name", "domains", "aliases", "contacts");
    private static final Pattern CONTACT = Pattern.compile("^(.+?)\\s*(?:\\(([^()]*)\\))?$");

    private AccountsCsv() {
    }

    /** The accounts, or every problem as "LINE: reason" (empty problems means the accounts are good). */
    public record Parsed(List<Account> accounts, List<String> problems) {
    }

    public static Parsed parse(String content) {
        String[] lines = content.replace("\uFEFF", "").split("\\r\\n|\\n|\\r", -1);
        List<Account> accounts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (lines.length == 0 || !fields(lines[0]).stream().map(field -> field.strip().toLowerCase(Locale.ROOT))
                .toList().equals(HEADER)) {
            return new Parsed(List.of(), List.of("1: the header must be " + String.join(",", HEADER)));
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                List<String> fields = fields(lines[i]);
                if (fields.size() != HEADER.size()) {
                    throw new IllegalArgumentException("expected " + HEADER.size() + " fields, found " + fields.size());
                }
                List<Contact> contacts = new ArrayList<>();
                for (String contact : list(fields.get(3))) {
                    Matcher matcher = CONTACT.matcher(contact);
                    matcher.matches();
                    contacts.add(new Contact(matcher.group(1), Optional.ofNullable(matcher.group(2))));
                }
                Account account = new Account(fields.get(0), list(fields.get(2)), contacts, list(fields.get(1)));
                if (!names.add(account.name())) {
                    throw new IllegalArgumentException("account " + account.name() + " is listed twice");
                }
                accounts.add(account);
            } catch (IllegalArgumentException e) {
                problems.add((i + 1) + ": " + e.getMessage());
            }
        }
        return new Parsed(List.copyOf(accounts), List.copyOf(problems));
    }

    private static List<String> list(String field) {
        return Arrays.stream(field.split(";")).map(String::strip).filter(value -> !value.isEmpty()).toList();
    }

    /** One CSV line's fields; quotes may wrap a field and "" inside them is a quote. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a quote is not closed");
        }
        fields.add(field.toString());
        return fields;
    }
}
