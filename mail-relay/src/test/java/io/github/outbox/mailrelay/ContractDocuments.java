package io.github.outbox.mailrelay;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference documents of the events on the wire, {@code docs/contracts/*.json}: each
 * consumer's own record is tested against the document the publisher is tested against.
 */
public final class ContractDocuments {

	private ContractDocuments() {
	}

	/**
	 * {@code docs/contracts/<eventType>.json} under the project root: the
	 * {@code project.root} system property when the build sets it, else the module's
	 * parent directory.
	 */
	public static Path of(String eventType) {
		String root = System.getProperty("project.root");
		Path base = (root != null) ? Path.of(root) : Path.of("..");
		Path document = base.resolve("docs/contracts/" + eventType + ".json");
		assertThat(document).as("the reference document").isRegularFile();
		return document;
	}

}
