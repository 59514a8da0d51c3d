package io.github.outbox.sample;

import java.io.InputStream;

/**
 * A long request body of spaces that counts what was read of it, to show how much of a
 * body too large was taken off the connection.
 */
public final class CountingBody extends InputStream {

	private final long length;

	private long read;

	public CountingBody(long length) {
		this.length = length;
	}

	@Override
	public int read() {
		if (this.read == this.length) {
			return -1;
		}
		this.read++;
		return ' ';
	}

	/** The bytes read so far. */
	public long bytesRead() {
		return this.read;
	}

}
