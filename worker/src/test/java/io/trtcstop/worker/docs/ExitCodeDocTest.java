package io.trtcstop.worker.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.trtcstop.worker.cli.ExitCode;
import io.trtcstop.worker.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The exit codes in {@code docs/operations.md} against the CLI: the page's exit-code table lists exactly the codes
 * of {@link ExitCode}; the codes picocli returns on its own (help, usage errors, uncaught exceptions) of every
 * command are among them; and no command returns a bare number instead of an {@link ExitCode}.
 */
class ExitCodeDocTest {

    private static final Path PAGE = DocPages.DOCS.resolve("operations.md");
    private static final Path CLI_SOURCES = Path.of("src", "main", "java", "io", "trtcstop", "worker", "cli");
    /** {@code return 4;}, {@code return ok ? X : 4;}, {@code System.exit(4)}: an exit code outside ExitCode. */
    private static final Pattern BARE_CODE =
            Pattern.compile("\\breturn\\b[^;]*?(?<![\\w.])\\d+\\s*;|System\\.exit\\(\\s*\\d+");

    @Test
    void theOperationsPageListsExactlyTheExitCodesTheCliReturns() {
        Set<Integer> documented = new TreeSet<>();
        for (List<String> row : MarkdownTable.of(DocPages.read(PAGE), "exit code").rows()) {
            String code = MarkdownTable.code(row.getFirst());
            assertThat(code).as("an exit-code row starts with the `code`: " + row).isNotNull().matches("\\d+");
            assertThat(documented.add(Integer.parseInt(code))).as("exit code " + code + " has two rows").isTrue();
        }
        Set<Integer> returned = Arrays.stream(ExitCode.values()).map(ExitCode::code)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).as("exit codes in the table of docs/operations.md (ExitCode has " + returned + ")")
                .isEqualTo(returned);
    }

    @Test
    void picocliReturnsOnlyExitCodesOfTheEnum() {
        Set<Integer> known = Arrays.stream(ExitCode.values()).map(ExitCode::code).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        check(new CommandLine(new Main()), known, problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void noCommandReturnsABareNumber() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(CLI_SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String[] lines = Files.readString(file).split("\n");
                for (int i = 0; i < lines.length; i++) {
                    Matcher m = BARE_CODE.matcher(lines[i]);
                    if (m.find() && !lines[i].strip().startsWith("//") && !lines[i].strip().startsWith("*")) {
                        problems.add(file.getFileName() + ":" + (i + 1) + ": " + lines[i].strip()
                                + " (return an ExitCode, documented in docs/operations.md)");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void check(CommandLine cmd, Set<Integer> known, List<String> problems) {
        CommandLine.Model.CommandSpec spec = cmd.getCommandSpec();
        int[] codes = {spec.exitCodeOnSuccess(), spec.exitCodeOnUsageHelp(), spec.exitCodeOnVersionHelp(),
                spec.exitCodeOnInvalidInput(), spec.exitCodeOnExecutionException()};
        for (int code : codes) {
            if (!known.contains(code)) {
                problems.add(spec.qualifiedName() + " can exit with " + code + ", which ExitCode does not have");
            }
        }
        cmd.getSubcommands().values().forEach(sub -> check(sub, known, problems));
    }
}
