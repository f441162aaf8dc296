package com.pitcrew.report;

/** HTML text escaping for the report page and the admin rollout page (message text is user input). Stateless. */
public final class Html {

    private Html() {
    }

    /** {@code text} safe inside an element or a quoted attribute value. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
