package com.pitcrew.meetings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated calls for the scale measurements: each turn is 8–27 words drawn uniformly from a 60-word sales
 * vocabulary, so every query word occurs in about a quarter of all turns. Real transcripts have a far larger
 * vocabulary; this is the dense worst case for search. In this package (split from the service's) because the
 * meetings types are package-private.
 */
final class GeneratedCalls {

    private static final String[] WORDS = ("pricing discount seats renewal onboarding training timeline security "
            + "soc hipaa gdpr residency region salesforce snowflake bigquery looker tableau budget procurement quote "
            + "contract legal sso okta scim dashboard report analyst admin workshop pilot rollout migration data "
            + "warehouse latency uptime support ticket integration export api limit plan growth enterprise starter "
            + "team quarter board approval invoice payment term annual monthly").split(" ");
    static final String[] ACCOUNTS = {"Acme Corp", "Globex", "Initech", "Hooli", "Oscorp", "Pied Piper"};

    private GeneratedCalls() {
    }

    /** {@code calls} calls of {@code turns} turns, one every 37 minutes back from {@code now}; the same for a seed. */
    static List<Meeting> generate(int calls, int turns, Instant now, long seed) {
        Random random = new Random(seed);
        List<Meeting> meetings = new ArrayList<>(calls);
        for (int c = 0; c < calls; c++) {
            List<Meeting.Turn> transcript = new ArrayList<>(turns);
            for (int t = 0; t < turns; t++) {
                StringBuilder text = new StringBuilder();
                int length = 8 + random.nextInt(20);
                for (int w = 0; w < length; w++) {
                    text.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
                }
                transcript.add(new Meeting.Turn(t, t % 2 == 0 ? "Riley Stone" : "Customer " + (c % 50), text + "."));
            }
            meetings.add(new Meeting("gen-" + c, ACCOUNTS[c % ACCOUNTS.length], "Generated call " + c, "call",
                    now.minus(Duration.ofMinutes(37L * c)), 45, List.of(Meeting.Attendee.parse("Riley Stone (AE)")),
                    transcript));
        }
        return meetings;
    }
}
