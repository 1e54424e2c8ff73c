package io.trtcstop.worker.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in every Markdown file of the repository leads somewhere: the file or folder exists, and a
 * {@code #anchor} is a heading of the page it points into (GitHub's anchors). Links to other sites are not
 * fetched: CI has no network, and their availability is not ours to test.
 */
class MarkdownLinksTest {

    /** {@code [text](target)} and {@code ![alt](target "title")}; the text may hold code spans but no brackets. */
    private static final Pattern INLINE_LINK = Pattern.compile("\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** {@code [label]: target} reference definitions. */
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
    private static final Pattern CODE_SPAN = Pattern.compile("`+[^`]*`+");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final Map<Path, Set<String>> anchors = new HashMap<>();

    @Test
    void everyRelativeLinkResolves() {
        List<Path> pages = DocPages.markdownFiles();
        assertThat(pages).as("Markdown files under " + DocPages.ROOT).contains(DocPages.ROOT.resolve("README.md"));
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            List<String> lines = DocPages.proseLines(DocPages.read(page));
            for (int i = 0; i < lines.size(); i++) {
                String line = CODE_SPAN.matcher(lines.get(i)).replaceAll("code");
                for (String target : targets(line)) {
                    String problem = problem(page, target);
                    if (problem != null) {
                        broken.add(DocPages.ROOT.relativize(page) + ":" + (i + 1) + ": (" + target + ") " + problem);
                    }
                }
            }
        }
        assertThat(broken).as("broken relative links").isEmpty();
    }

    private static List<String> targets(String line) {
        List<String> targets = new ArrayList<>();
        Matcher inline = INLINE_LINK.matcher(line);
        while (inline.find()) {
            targets.add(inline.group(1));
        }
        Matcher reference = REFERENCE.matcher(line);
        if (reference.matches()) {
            targets.add(reference.group(1));
        }
        return targets;
    }

    /** Why the link from {@code page} to {@code target} does not resolve, or null when it does (or is not ours). */
    private String problem(Path page, String target) {
        if (SCHEME.matcher(target).find() || target.startsWith("//")) {
            return null;
        }
        int hash = target.indexOf('#');
        String pathPart = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path file = pathPart.isEmpty() ? page
                : pathPart.startsWith("/") ? DocPages.ROOT.resolve(pathPart.substring(1)).normalize()
                : page.getParent().resolve(pathPart).normalize();
        if (!file.startsWith(DocPages.ROOT)) {
            return "points outside the repository";
        }
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (anchor == null || anchor.isEmpty()) {
            return null;
        }
        if (!file.toString().endsWith(".md")) {
            return null; // e.g. #L10 into source: GitHub's line anchors, not ours to check
        }
        Set<String> known = anchors.computeIfAbsent(file, f -> HeadingAnchors.of(DocPages.read(f)));
        return known.contains(anchor) ? null : "no heading with anchor #" + anchor + " in " + DocPages.ROOT.relativize(file);
    }
}
