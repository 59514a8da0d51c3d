package io.github.outbox.mailrelay;

/**
 * A rendered mail, sent as a plain text part and an HTML alternative.
 *
 * @param to the recipient's address
 * @param subject the subject line
 * @param text the plain text body
 * @param html the HTML body
 */
public record Mail(String to, String subject, String text, String html) {

}
