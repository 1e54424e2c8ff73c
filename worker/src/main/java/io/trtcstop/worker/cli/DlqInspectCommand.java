package io.trtcstop.worker.cli;

import io.trtcstop.worker.replay.DlqInspection;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dlq inspect [--json]}. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Count the dead letters by dlq.error.kind and dlq.error.code, with the oldest",
                "and newest, how many of each were replayed before, and a sample of each group.",
                "Writes nothing."})
final class DlqInspectCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print a machine-readable JSON report instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        return DlqCommand.execute(spec, () -> {
            DlqInspection.Report report = new DlqInspection(DlqCommand.config()).inspect();
            if (json) {
                DlqInspection.printJson(report, System.out);
            } else {
                DlqInspection.printText(report, System.out);
            }
            System.out.flush();
            return ExitCode.OK.code();
        });
    }
}
