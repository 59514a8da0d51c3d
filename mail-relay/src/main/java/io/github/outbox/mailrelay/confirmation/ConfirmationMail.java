package io.github.outbox.mailrelay.confirmation;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.github.outbox.mailrelay.Mail;
import io.github.outbox.mailrelay.MailComposer;
import io.github.outbox.mailrelay.MalformedEventException;
import io.github.outbox.mailrelay.ReceivedEvent;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The mail asking a newly registered user to confirm the account, rendered from
 * {@code templates/mail/confirmation.*.mustache}. The HTML template escapes every value.
 */
@Component
class ConfirmationMail implements MailComposer {

	static final String SUBJECT = "Confirm your account";

	private static final DateTimeFormatter EXPIRY = DateTimeFormatter
		.ofPattern("d MMMM yyyy 'at' HH:mm 'UTC'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private final JsonMapper json;

	private final Template text;

	private final Template html;

	ConfirmationMail(JsonMapper json) {
		this.json = json;
		this.text = template(Mustache.compiler().escapeHTML(false), "confirmation.txt.mustache");
		this.html = template(Mustache.compiler(), "confirmation.html.mustache");
	}

	@Override
	public String eventType() {
		return "UserRegistered";
	}

	@Override
	public Mail compose(ReceivedEvent event) {
		UserRegistered registered = read(event);
		Map<String, Object> values = new HashMap<>();
		values.put("name", (registered.name() != null) ? registered.name() : "there");
		values.put("link", registered.confirmationLink().toString());
		if (registered.confirmationExpiresAt() != null) {
			values.put("expiresAt", EXPIRY.format(registered.confirmationExpiresAt()));
		}
		return new Mail(registered.email(), SUBJECT, this.text.execute(values), this.html.execute(values));
	}

	UserRegistered read(ReceivedEvent event) {
		try {
			return this.json.readValue(event.payload(), UserRegistered.class);
		}
		catch (JacksonException ex) {
			throw new MalformedEventException("The payload of " + event + " is not a valid UserRegistered: "
					+ ((ex.getCause() instanceof IllegalArgumentException invalid) ? invalid.getMessage()
							: ex.getOriginalMessage()),
					ex);
		}
	}

	private static Template template(Mustache.Compiler compiler, String name) {
		ClassPathResource resource = new ClassPathResource("templates/mail/" + name);
		try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
			return compiler.compile(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the mail template " + resource, ex);
		}
	}

}
