package org.lambo.io;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks an output path before anything is computed, so that a command given a file where a folder is expected (or the
 * other way round), or a path under a file or in a folder it cannot write, stops at once with one line naming the flag,
 * the path and the problem.
 */
public final class OutputPaths {
    private OutputPaths() {}

    /** {@code file} (given by {@code flag}) can be written as a file: it is not a folder and its folder can be made. */
    public static void requireFile(String flag, Path file) {
        if (Files.isDirectory(file)) {
            throw new InputException(
                    flag,
                    "",
                    file + " is a directory; give the path of a file in it, e.g. " + file.resolve("out.jsonl"));
        }
        if (Files.exists(file) && !Files.isWritable(file))
            throw new InputException(flag, "", file + " is not writable");
        requireCreatable(flag, file, file.toAbsolutePath().getParent());
    }

    /** {@code dir} (given by {@code flag}) can be a run folder: it is a folder already, or one can be made there. */
    public static void requireDirectory(String flag, Path dir) {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir))
                throw new InputException(flag, "", dir + " is a file, not a directory; give a folder for the results");
            if (!Files.isWritable(dir)) throw new InputException(flag, "", dir + " is not writable");
            return;
        }
        requireCreatable(flag, dir, dir.toAbsolutePath().getParent());
    }

    private static void requireCreatable(String flag, Path target, Path parent) {
        Path p = parent;
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) return;
        if (!Files.isDirectory(p))
            throw new InputException(flag, "", target + " cannot be created: " + p + " is a file, not a directory");
        if (!Files.isWritable(p))
            throw new InputException(flag, "", target + " cannot be created: " + p + " is not writable");
    }
}
