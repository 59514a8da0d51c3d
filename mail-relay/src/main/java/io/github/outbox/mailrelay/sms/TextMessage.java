package io.github.outbox.mailrelay.sms;

import java.util.UUID;

/**
 * An SMS to send.
 *
 * @param reference the id of the event it is sent for; the same event always yields the
 * same reference, which a gateway that deduplicates can take as the client reference
 * @param phoneNumber the recipient's number, digits with an optional leading {@code +}
 * @param text the message
 */
public record TextMessage(UUID reference, String phoneNumber, String text) {

	private static final int SHOWN_DIGITS = 3;

	/** The number with every digit but the last three replaced by {@code *}, for logs. */
	public String maskedPhoneNumber() {
		StringBuilder masked = new StringBuilder(this.phoneNumber);
		int shown = 0;
		for (int i = masked.length() - 1; i >= 0; i--) {
			if (Character.isDigit(masked.charAt(i)) && shown++ >= SHOWN_DIGITS) {
				masked.setCharAt(i, '*');
			}
		}
		return masked.toString();
	}

	/** Says to whom, masked, but not what: logs get neither the number nor the text. */
	@Override
	public String toString() {
		return "TextMessage[reference=" + this.reference + ", phoneNumber=" + maskedPhoneNumber() + "]";
	}

}
