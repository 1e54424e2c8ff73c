package io.trtcstop.worker.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Every dependency and plugin version is managed in the parent POM, once, as a property: a module that names
 * a version of its own drifts from the others (and from the SBOM's view of "the" version).
 */
class PomVersionsTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void modulesNameNoVersionsAndTheParentManagesEachAsAProperty() throws Exception {
        Document parent = read(ROOT.resolve("pom.xml"));
        List<String> problems = new ArrayList<>();
        NodeList modules = parent.getElementsByTagName("module");
        assertThat(modules.getLength()).isGreaterThanOrEqualTo(7);
        for (int i = 0; i < modules.getLength(); i++) {
            String module = modules.item(i).getTextContent().strip();
            Document pom = read(ROOT.resolve(module).resolve("pom.xml"));
            for (Element e : artifacts(pom)) {
                if (child(e, "version") != null) {
                    problems.add(module + ": " + child(e, "artifactId") + " names version " + child(e, "version"));
                }
            }
        }
        for (Element e : artifacts(parent)) {
            String version = child(e, "version");
            if (version != null && !version.matches("\\$\\{[a-z0-9.-]+\\}")) {
                problems.add("parent: " + child(e, "artifactId") + " version " + version + " is not a property");
            }
        }
        assertThat(problems).isEmpty();
    }

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    /** Every dependency and plugin element of a POM (extensions too). */
    private static List<Element> artifacts(Document pom) {
        List<Element> found = new ArrayList<>();
        for (String tag : List.of("dependency", "plugin", "extension")) {
            NodeList list = pom.getElementsByTagName(tag);
            for (int i = 0; i < list.getLength(); i++) {
                found.add((Element) list.item(i));
            }
        }
        return found;
    }

    private static String child(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c.getTextContent().strip();
            }
        }
        return null;
    }
}
