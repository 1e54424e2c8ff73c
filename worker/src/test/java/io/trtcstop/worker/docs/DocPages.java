package io.trtcstop.worker.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** The project's Markdown files, read from the repository root (tests run in {@code worker/}). */
final class DocPages {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DOCS = ROOT.resolve("docs");

    private DocPages() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Drafts other engineers hand in for the pages ({@code docs/incoming/<branch>.md}): their links are written for
     * the page they will be pasted into, so they are checked there, after the paste, not here.
     */
    static final Path INCOMING = DOCS.resolve("incoming");

    /** Every Markdown file of the repository, build output, VCS data and incoming drafts left out. */
    static List<Path> markdownFiles() {
        return sourceFiles(".md").stream().filter(p -> !p.startsWith(INCOMING)).sorted().toList();
    }

    /**
     * Every file of the repository whose name ends with {@code suffix}, without descending into build output
     * ({@code target}, {@code node_modules}) or hidden folders: tests write there while this runs.
     */
    static List<Path> sourceFiles(String suffix) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skip = !dir.equals(ROOT)
                            && (name.equals("target") || name.equals("node_modules") || name.startsWith("."));
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (file.toString().endsWith(suffix)) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // gone while walking: not a source file
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** The page's lines outside fenced code blocks (```), where nothing is a table, heading or link. */
    static List<String> proseLines(String page) {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        for (String line : page.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                lines.add("");
                continue;
            }
            lines.add(fenced ? "" : line);
        }
        return lines;
    }
}
