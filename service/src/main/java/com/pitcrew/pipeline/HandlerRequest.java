package com.pitcrew.pipeline;

import com.pitcrew.intent.Inquiry;
import com.pitcrew.intent.IntentDecision;

/** Everything a handler gets: the message, what it is about, and what it asks for. */
public record HandlerRequest(String correlationId, Inquiry inquiry, MeetingScope scope, IntentDecision decision) {
}
