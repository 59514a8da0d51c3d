package io.github.outbox.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /dev/mailbox}: the mail the local SMTP server received, newest last, as
 * plain text. Exists only in the local run, which listens on 127.0.0.1 only; as every
 * confirmation link is in it, it also answers {@code 404} to any caller that is not on
 * this machine, should the run be bound to another interface.
 */
@TestConfiguration(proxyBeanMethods = false)
@RestController
class LocalMailbox {

	private static GreenMail smtp;

	static void use(GreenMail server) {
		smtp = server;
	}

	@GetMapping(path = "/dev/mailbox", produces = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<String> mailbox(HttpServletRequest request) throws MessagingException, IOException {
		if (!isLoopback(request.getRemoteAddr())) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok(contents());
	}

	private static boolean isLoopback(String address) {
		try {
			// a literal, as the container gives it: no name is looked up
			return InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static String contents() throws MessagingException, IOException {
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
