package io.github.outbox.sample.signup;

import java.net.IDN;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The form an address is stored, looked up and mailed in, and the rules an address must
 * meet to get there. Only addresses mail can be delivered to pass: an ASCII local part
 * (SMTP without SMTPUTF8 cannot carry any other), and a domain that IDNA turns into its
 * ASCII form ({@code xn--…}). Nothing is folded silently: a character that Unicode would
 * map onto another (full-width letters, an ideographic full stop) or that cannot be seen
 * (no-break spaces, zero-width or bidi controls) is refused, so that no look-alike
 * reaches someone else's mailbox and no two spellings make two accounts.
 */
final class EmailAddress {

	/** The most characters an address may have in its stored, ASCII form. */
	static final int MAX_LENGTH = 254;

	private static final int MAX_LOCAL_PART = 64;

	private static final int MAX_DOMAIN = 253;

	/** RFC 5322's dot-atom: no quoted local parts, no comments. */
	private static final Pattern LOCAL_PART = Pattern
		.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

	/** Scripts whose letters look alike: one label must not mix them. */
	private static final Set<Character.UnicodeScript> CONFUSABLE_SCRIPTS = EnumSet.of(Character.UnicodeScript.LATIN,
			Character.UnicodeScript.CYRILLIC, Character.UnicodeScript.GREEK);

	private EmailAddress() {
	}

	/**
	 * The address in its normalised form: the local part lower-cased, the domain in
	 * lower-case ASCII. {@code Ada@Bücher.example} becomes
	 * {@code ada@xn--bcher-kva.example}.
	 * @throws Refused naming the rule the address breaks
	 */
	static String normalized(String email) {
		if (email.length() > MAX_LENGTH) {
			throw new Refused("must be at most " + MAX_LENGTH + " characters");
		}
		email.codePoints().filter(EmailAddress::isHiddenOrSpace).findFirst().ifPresent((hidden) -> {
			throw new Refused("must not contain spaces or control, format or invisible characters (found U+%04X)"
				.formatted(hidden));
		});
		int at = email.lastIndexOf('@');
		if (at <= 0 || at == email.length() - 1 || email.indexOf('@') != at) {
			throw new Refused("must be one address of the form local-part@domain");
		}
		String local = email.substring(0, at);
		if (!local.chars().allMatch((c) -> c < 0x80)) {
			throw new Refused("must have a local part (before the @) in ASCII letters, digits and punctuation");
		}
		if (!LOCAL_PART.matcher(local).matches()) {
			throw new Refused("must have a local part (before the @) of letters, digits and !#$%&'*+/=?^_`{|}~- "
					+ "in parts separated by single dots");
		}
		if (local.length() > MAX_LOCAL_PART) {
			throw new Refused("must have a local part (before the @) of at most " + MAX_LOCAL_PART + " characters");
		}
		String normalized = local.toLowerCase(Locale.ROOT) + "@" + asciiDomain(email.substring(at + 1));
		if (normalized.length() > MAX_LENGTH) {
			throw new Refused("must be at most " + MAX_LENGTH + " characters with its domain in ASCII (punycode) form");
		}
		return normalized;
	}

	private static String asciiDomain(String domain) {
		String ascii;
		try {
			ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
		}
		catch (IllegalArgumentException ex) {
			throw new Refused("must have a valid domain name (after the @)");
		}
		// IDNA maps full-width letters, ideographic dots and the like onto
		// ASCII: an address must be written as its domain reads back, not as
		// something that folds onto it.
		if (!IDN.toUnicode(ascii, IDN.USE_STD3_ASCII_RULES)
			.toLowerCase(Locale.ROOT)
			.equals(domain.toLowerCase(Locale.ROOT))) {
			throw new Refused("must have a domain (after the @) without characters that stand for others, "
					+ "such as full-width letters");
		}
		for (String label : domain.split("\\.")) {
			if (label.codePoints()
				.mapToObj(Character.UnicodeScript::of)
				.filter(CONFUSABLE_SCRIPTS::contains)
				.distinct()
				.count() > 1) {
				throw new Refused("must not mix Latin, Cyrillic or Greek letters in one part of the domain");
			}
		}
		if (ascii.length() > MAX_DOMAIN || !ascii.contains(".") || ascii.endsWith(".")) {
			throw new Refused("must have a domain (after the @) such as example.com");
		}
		return ascii.toLowerCase(Locale.ROOT);
	}

	private static boolean isHiddenOrSpace(int codePoint) {
		return switch (Character.getType(codePoint)) {
			case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
					Character.SPACE_SEPARATOR, Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED ->
				true;
			default -> false;
		};
	}

	/** An address that breaks a rule; the message names the rule. */
	static final class Refused extends IllegalArgumentException {

		Refused(String rule) {
			super(rule);
		}

	}

}
