package io.github.outbox.mailrelay.deadletter;

import java.io.PrintStream;

/**
 * Where the command reports: its result to {@code out} (one line per record, for the
 * operator and for grep), what went wrong to {@code err}. These are the command's output,
 * not log lines.
 *
 * @param out the result
 * @param err the errors and the usage
 */
record CommandOutput(PrintStream out, PrintStream err) {

}
