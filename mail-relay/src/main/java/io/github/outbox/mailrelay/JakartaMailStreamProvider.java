package io.github.outbox.mailrelay;

import org.springframework.stereotype.Component;

/**
 * Names Angus Mail's stream provider in the system property Jakarta Mail reads before it
 * searches for one. Jakarta Mail 2.1 looks its stream provider up with a
 * {@link java.util.ServiceLoader} for every MIME part and header it encodes
 * (jakartaee/mail-api#699 and #861, fixed only in 2.2); in an executable jar that scan of
 * the nested jars took more time than the rest of the mail (233 against 515 mails/s).
 * Named, the lookup is a class loader's cache hit. A singleton, so set while the context
 * starts, before any listener sends; a value set on the command line wins.
 */
@Component
class JakartaMailStreamProvider {

	/** The system property Jakarta Mail reads first. */
	static final String PROPERTY = "jakarta.mail.util.StreamProvider";

	/** Angus Mail's provider, the implementation on mail-relay's class path. */
	static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

	JakartaMailStreamProvider() {
		if (System.getProperty(PROPERTY) == null) {
			System.setProperty(PROPERTY, ANGUS);
		}
	}

}
