package org.lambo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * {@link ChildJvms} for each test method: before it, a new temporary folder and trial secret; after it, whether it
 * passed or failed, every child still alive killed (and waited for), then the folder deleted as {@code @TempDir} would
 * delete it. A failed test's folder is kept (not a skipped one's), its path published as a report entry
 * ({@code child-jvm-logs}) and printed, so that the children's logs can be read. Register it on an instance field:
 * {@code @RegisterExtension final ChildJvmsExtension jvms = new ChildJvmsExtension();}.
 */
final class ChildJvmsExtension extends ChildJvms implements BeforeEachCallback, AfterEachCallback {
    private Path made;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (made != null) throw new IllegalStateException("ChildJvmsExtension is for one test method at a time");
        made = Files.createTempDirectory("lambo-jvms-");
        open(made);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (made == null) return;
        Path folder = made;
        made = null;
        close();
        if (context.getExecutionException()
                .filter(e -> !(e instanceof TestAbortedException))
                .isPresent()) {
            context.publishReportEntry("child-jvm-logs", folder.toString());
            System.err.println(context.getDisplayName() + " failed: its child JVMs' logs are kept in " + folder);
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
