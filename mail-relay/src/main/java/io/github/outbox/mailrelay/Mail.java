package io.github.outbox.mailrelay;

import java.net.IDN;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.jspecify.annotations.Nullable;

/**
 * A rendered mail, sent as a plain text part and an HTML alternative.
 *
 * @param to the recipient's address
 * @param subject the subject line
 * @param text the plain text body
 * @param html the HTML body
 */
public record Mail(String to, String subject, String text, String html) {

	/** The longest address SMTP carries (RFC 5321's path of 256, less the brackets). */
	static final int MAX_ADDRESS_LENGTH = 254;

	/**
	 * The address as mail-relay sends it, if it is one bare address it can send without
	 * changing whose mailbox it names: what an event's payload must give as the
	 * recipient. mail-relay does not trust the producer to have checked it.
	 * <ul>
	 * <li>No control, format (zero-width, bidirectional) or other invisible character,
	 * anywhere.</li>
	 * <li>An ASCII local part. A non-ASCII one needs SMTPUTF8 end to end, which
	 * mail-relay does not use: written as it is, Jakarta Mail sends the low byte of each
	 * character, and {@code čapek@} became a carriage return and {@code aｄa@} became
	 * {@code aDa@}, another mailbox.</li>
	 * <li>A domain in ASCII, or an internationalized one that IDNA converts to its ASCII
	 * (punycode) form without dropping or mapping any character but case: {@code
	 * příklad.cz} is sent as {@code xn--pklad-zsa96e.cz}, while a full-width {@code
	 * ｅｘａｍｐｌｅ.com}, which IDNA would fold into {@code example.com}, is refused.</li>
	 * <li>One plain address (no list, no display name) of at most 254 characters in its
	 * ASCII form.</li>
	 * </ul>
	 * @return the address with its domain in ASCII, stripped of surrounding white space
	 * @throws IllegalArgumentException if it is missing or breaks a rule above; the
	 * message says which, with invisible characters written as {@code \}{@code uXXXX}
	 */
	public static String requireBareAddress(@Nullable String email) {
		if (email == null || email.isBlank()) {
			throw new IllegalArgumentException("email is missing");
		}
		String address = email.strip();
		address.codePoints().filter(Mail::isInvisible).findFirst().ifPresent((invisible) -> {
			throw new IllegalArgumentException("email '" + printable(email) + "' contains the invisible character "
					+ String.format("U+%04X", invisible));
		});
		int at = address.lastIndexOf('@');
		if (at <= 0 || at == address.length() - 1) {
			throw new IllegalArgumentException("email '" + printable(email) + "' is not a valid address");
		}
		String localPart = address.substring(0, at);
		if (!isAscii(localPart)) {
			throw new IllegalArgumentException("email '" + printable(email)
					+ "' has a non-ASCII local part, which only SMTPUTF8 could carry; mail-relay sends ASCII local parts only");
		}
		String ascii = localPart + "@" + asciiDomain(address.substring(at + 1), email);
		try {
			InternetAddress parsed = new InternetAddress(ascii, true);
			parsed.validate();
			if (!parsed.getAddress().equals(ascii)) {
				throw new IllegalArgumentException("email '" + printable(email) + "' is not a bare address");
			}
		}
		catch (AddressException ex) {
			throw new IllegalArgumentException(
					"email '" + printable(email) + "' is not a valid address: " + ex.getMessage(), ex);
		}
		if (ascii.length() > MAX_ADDRESS_LENGTH) {
			throw new IllegalArgumentException("email '" + printable(email) + "' is longer than " + MAX_ADDRESS_LENGTH
					+ " characters" + (ascii.equals(address) ? "" : " in its ASCII form " + ascii));
		}
		return ascii;
	}

	private static String asciiDomain(String domain, String email) {
		if (isAscii(domain)) {
			return domain;
		}
		String ascii;
		try {
			ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"email '" + printable(email) + "' has a domain that is not a valid international domain name", ex);
		}
		// IDNA's nameprep folds compatibility characters (full-width letters,
		// ligatures) into others: the ASCII form would then name a different
		// domain than the one written
		if (!IDN.toUnicode(ascii, IDN.USE_STD3_ASCII_RULES).equalsIgnoreCase(domain)) {
			throw new IllegalArgumentException("email '" + printable(email)
					+ "' has a domain that IDNA would change into another one (" + ascii + ")");
		}
		return ascii;
	}

	private static boolean isAscii(String value) {
		return value.chars().allMatch((c) -> c < 0x80);
	}

	private static boolean isInvisible(int codePoint) {
		return switch (Character.getType(codePoint)) {
			case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
					Character.SPACE_SEPARATOR, Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED ->
				true;
			default -> false;
		};
	}

	/**
	 * The value with each invisible character as {@code \}{@code uXXXX}, for messages.
	 */
	private static String printable(String value) {
		StringBuilder printable = new StringBuilder();
		value.codePoints()
			.forEach((c) -> printable.append(isInvisible(c) ? String.format("\\u%04X", c) : Character.toString(c)));
		return printable.toString();
	}

}
