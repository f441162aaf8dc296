package com.pitcrew.intent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No rule names a customer: rename every account and person of the sample world in the corpus and the classifier
 * says the same, whether the new names are in the directory or only capitalised as names are.
 */
class RenamedEntitiesTest {

    /** Sample name → a name outside the sample world, longest first so 'Acme Corp' goes before 'Acme'. */
    private static final Map<String, String> RENAMES = new LinkedHashMap<>();

    static {
        String[][] pairs = {
            {"Cyberdyne Systems", "Halvorsen Marine"}, {"Vandelay Imports", "Brightline Bank"},
            {"Stark Logistics", "Quillfeather Press"}, {"Umbrella Health", "Ostrander Clinics"},
            {"Soylent Foods", "Marrowbone Bakeries"}, {"Wayne Retail", "Okonkwo Outfitters"},
            {"Tyrell Labs", "Zephyrine Biotech"}, {"Acme Corp", "Northwind Traders"},
            {"Dana Whitfield", "Ingrid Solberg"}, {"Jordan Blake", "Tomasz Wrobel"}, {"Rachel Kim", "Aiyana Redcloud"},
            {"Omar Haddad", "Farrukh Tashkentov"}, {"Tyler Chen", "Imani Okafor"}, {"Maria Lopez", "Sigrun Halldorsdottir"},
            {"Sam Patel", "Keoni Kahale"}, {"Ana Ruiz", "Marguerite Dubois"}, {"Priya Nair", "Yusra Qadri"},
            {"Gavin Marsh", "Bartholomew Quist"}, {"Lena Ortiz", "Nnamdi Eze"}, {"Kenji Mori", "Radomir Novak"},
            {"Cyberdyne", "Halvorsen"}, {"Vandelay", "Brightline"}, {"Stark", "Quillfeather"},
            {"Umbrella", "Ostrander"}, {"Soylent", "Marrowbone"}, {"Wayne", "Okonkwo"}, {"Tyrell", "Zephyrine"},
            {"Acme", "Northwind"}, {"Globex", "Pellucida"}, {"Initech", "Varkonyi"}, {"Hooli", "Tannerbrook"},
            {"Oscorp", "Gundersen"}, {"Dana", "Ingrid"}, {"Jordan", "Tomasz"}, {"Rachel", "Aiyana"},
            {"Omar", "Farrukh"}, {"Tyler", "Imani"}, {"Maria", "Sigrun"}, {"Sam", "Keoni"}, {"Ana", "Marguerite"},
            {"Priya", "Yusra"}, {"Gavin", "Bartholomew"}, {"Lena", "Nnamdi"}, {"Kenji", "Radomir"},
        };
        for (String[] pair : pairs) {
            RENAMES.put(pair[0], pair[1]);
        }
    }

    private static final Set<String> NEW_ACCOUNTS = Set.of("Halvorsen Marine", "Brightline Bank",
            "Quillfeather Press", "Ostrander Clinics", "Marrowbone Bakeries", "Okonkwo Outfitters", "Zephyrine Biotech",
            "Northwind Traders", "Halvorsen", "Brightline", "Quillfeather", "Ostrander", "Marrowbone", "Okonkwo",
            "Zephyrine", "Northwind", "Pellucida", "Varkonyi", "Tannerbrook", "Gundersen");

    @Test
    void renamedCustomersInTheDirectoryGetTheSameClassification() {
        Set<String> people = new java.util.HashSet<>();
        RENAMES.forEach((from, to) -> {
            if (!NEW_ACCOUNTS.contains(to)) {
                people.add(to);
            }
        });
        PatternClassifier original = PatternClassifier.loadDefault();
        NameLexicon renamedDirectory = new NameLexicon(7, NEW_ACCOUNTS, people);
        PatternClassifier renamed = PatternClassifier.loadDefault(() -> renamedDirectory);
        List<String> differences = new ArrayList<>();
        int changed = 0;
        for (LabelledMessage message : Corpora.read(Corpora.calibration())) {
            String text = rename(message.text());
            if (text.equals(message.text())) {
                continue;
            }
            changed++;
            if (!original.classify(message.text()).equals(renamed.classify(text))) {
                differences.add(message.text() + " -> " + text);
            }
        }
        assertThat(changed).as("messages that name a sample account or person").isGreaterThan(150);
        assertThat(differences).isEmpty();
    }

    @Test
    void capitalisedCustomersNobodyEnteredGetTheSameIntent() {
        PatternClassifier original = PatternClassifier.loadDefault();
        PatternClassifier withoutDirectory = PatternClassifier.loadDefault(() -> NameLexicon.EMPTY);
        List<String> differences = new ArrayList<>();
        int changed = 0;
        for (LabelledMessage message : Corpora.read(Corpora.calibration())) {
            String text = rename(message.text());
            if (text.equals(message.text()) || hasLowerCaseSampleName(message.text())) {
                continue; // a lower-case name nobody entered cannot be told from a word
            }
            changed++;
            if (original.classify(message.text()).intent() != withoutDirectory.classify(text).intent()) {
                differences.add(message.text() + " -> " + text);
            }
        }
        assertThat(changed).isGreaterThan(100);
        assertThat(differences).isEmpty();
    }

    @Test
    void lowerCaseCustomersNobodyEnteredNeverMakeASkipGoWrong() {
        // Reps type names in lower case; an unknown lower-case word must not leave the rest to a keyword.
        PatternClassifier withoutDirectory = PatternClassifier.loadDefault(() -> NameLexicon.EMPTY);
        List<String> wrongSkips = new ArrayList<>();
        int skipped = 0;
        for (LabelledMessage message : Corpora.read(Corpora.calibration())) {
            String text = rename(message.text()).toLowerCase(java.util.Locale.ROOT);
            if (text.equals(message.text().toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            Classification classification = withoutDirectory.classify(text);
            if (SkipThreshold.skips(classification, SkipThreshold.DEFAULT)) {
                skipped++;
                if (classification.intent() != message.intent()) {
                    wrongSkips.add(text + " -> " + classification.intent().wireName());
                }
            }
        }
        assertThat(skipped).isGreaterThan(200);
        assertThat(wrongSkips).isEmpty();
    }

    private static boolean hasLowerCaseSampleName(String text) {
        for (String name : RENAMES.keySet()) {
            Matcher lower = Pattern.compile("(?<![\\p{L}])" + Pattern.quote(name.toLowerCase(java.util.Locale.ROOT))
                    + "(?![\\p{L}])").matcher(text);
            if (lower.find()) {
                return true;
            }
        }
        return false;
    }

    /** Replaces every sample name, whatever its case, keeping the case style of the original. */
    static String rename(String text) {
        String result = text;
        for (Map.Entry<String, String> entry : RENAMES.entrySet()) {
            Matcher matcher = Pattern.compile("(?<![\\p{L}])" + Pattern.quote(entry.getKey()) + "(?![\\p{L}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(result);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String found = matcher.group();
                String replacement = found.equals(found.toLowerCase(java.util.Locale.ROOT))
                        ? entry.getValue().toLowerCase(java.util.Locale.ROOT) : entry.getValue();
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(out);
            result = out.toString();
        }
        return result;
    }
}
