package io.trtcstop.worker.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The pages back their figures and claims with tests by name (`BacklogRateChaosIT`, `ClockToleranceTest`): every
 * such name must be a test class of the repository, so a renamed or deleted test cannot leave a page pointing at
 * nothing.
 */
class DocumentedTestsTest {

    private static final Pattern TEST_NAME = Pattern.compile("`([A-Z][A-Za-z0-9]*(?:Test|IT))`");
    /** Names the pages use as patterns for new tests, not as references. */
    private static final Set<String> EXAMPLES = Set.of("FooTest", "FooIT", "FooChaosIT");

    @Test
    void everyTestThePagesNameExists() {
        Set<String> classes = testClasses();
        TreeMap<String, Set<String>> missing = new TreeMap<>();
        for (Path page : DocPages.markdownFiles()) {
            Matcher m = TEST_NAME.matcher(DocPages.read(page));
            while (m.find()) {
                String name = m.group(1);
                if (!EXAMPLES.contains(name) && !classes.contains(name)) {
                    missing.computeIfAbsent(DocPages.ROOT.relativize(page).toString(), k -> new TreeSet<>()).add(name);
                }
            }
        }
        assertThat(classes).as("test classes found").hasSizeGreaterThan(50);
        assertThat(missing).as("tests named by a page but not in the repository, by page").isEmpty();
    }

    private static Set<String> testClasses() {
        return DocPages.sourceFiles(".java").stream()
                .filter(p -> p.toString().contains("/src/test/java/"))
                .map(p -> p.getFileName().toString().replace(".java", ""))
                .collect(Collectors.toSet());
    }
}
