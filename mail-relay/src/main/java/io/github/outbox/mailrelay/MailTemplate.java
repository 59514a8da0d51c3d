package io.github.outbox.mailrelay;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import org.springframework.core.io.ClassPathResource;

/**
 * The plain text and HTML templates of one kind of mail,
 * {@code templates/mail/<name>.txt.mustache} and {@code <name>.html.mustache}, compiled
 * once. The HTML template escapes every value; the text one none.
 */
public final class MailTemplate {

	/** How every mail writes a point in time: {@code 26 November 2026 at 11:00 UTC}. */
	public static final DateTimeFormatter TIME = DateTimeFormatter
		.ofPattern("d MMMM yyyy 'at' HH:mm 'UTC'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private final Template text;

	private final Template html;

	private MailTemplate(String name) {
		this.text = compile(Mustache.compiler().escapeHTML(false), name + ".txt.mustache");
		this.html = compile(Mustache.compiler(), name + ".html.mustache");
	}

	/**
	 * The templates of that name.
	 * @throws UncheckedIOException if one of them cannot be read
	 */
	public static MailTemplate named(String name) {
		return new MailTemplate(name);
	}

	/** Renders both bodies from the same values. */
	public Mail render(String to, String subject, Object values) {
		return new Mail(to, subject, this.text.execute(values), this.html.execute(values));
	}

	private static Template compile(Mustache.Compiler compiler, String name) {
		ClassPathResource resource = new ClassPathResource("templates/mail/" + name);
		try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
			return compiler.compile(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the mail template " + resource, ex);
		}
	}

}
