package com.pitcrew.pipeline;

import java.util.Optional;

/** One entry of a list in a reply (a call, a fact); the Slack layer renders it as a block. */
public record ReplyItem(String title, String detail, Optional<String> link) {
}
