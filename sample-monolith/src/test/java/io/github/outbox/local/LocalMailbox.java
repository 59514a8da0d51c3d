package io.github.outbox.local;

import java.io.IOException;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /dev/mailbox}: the mail the local SMTP server received, newest last, as
 * plain text. Exists only in the local run.
 */
@TestConfiguration(proxyBeanMethods = false)
@RestController
class LocalMailbox {

	private static GreenMail smtp;

	static void use(GreenMail server) {
		smtp = server;
	}

	@GetMapping(path = "/dev/mailbox", produces = MediaType.TEXT_PLAIN_VALUE)
	String mailbox() throws MessagingException, IOException {
		StringBuilder out = new StringBuilder();
		MimeMessage[] messages = smtp.getReceivedMessages();
		out.append(messages.length).append(" message(s)\n");
		for (MimeMessage message : messages) {
			out.append("\n---------------------------------------------------------------\n")
				.append("Message-ID: ")
				.append(message.getMessageID())
				.append('\n')
				.append("From:       ")
				.append(String.join(", ", message.getHeader("From")))
				.append('\n')
				.append("To:         ")
				.append(String.join(", ", message.getHeader("To")))
				.append('\n')
				.append("Subject:    ")
				.append(message.getSubject())
				.append("\n\n")
				.append(plainText(message))
				.append('\n');
		}
		return out.toString();
	}

	private static String plainText(Part part) throws MessagingException, IOException {
		if (part.isMimeType("text/plain")) {
			return (String) part.getContent();
		}
		if (part.getContent() instanceof Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart body = multipart.getBodyPart(i);
				String text = plainText(body);
				if (!text.isEmpty()) {
					return text;
				}
			}
		}
		return "";
	}

}
