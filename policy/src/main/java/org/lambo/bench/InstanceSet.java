package org.lambo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.lambo.io.InputException;
import org.lambo.mec.Instance;
import org.lambo.mec.InstanceJson;

/**
 * Instances given from files (a testbed's measurements, a published data set) rather than drawn from a scenario: what
 * {@code lambo bench --instances FILE} and {@code lambo evaluate} run on. Ids are unique across the set, since results
 * and given decisions are matched by id.
 *
 * @param name what the tables call it: the file's name, or the folder's
 * @param instances in file order (files of a folder in name order)
 */
public record InstanceSet(String name, List<Instance> instances) {
    /** The file extension read from a folder. */
    public static final String EXTENSION = ".jsonl";

    public InstanceSet {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("instance set name is missing");
        if (instances == null || instances.isEmpty())
            throw new IllegalArgumentException("instance set " + name + " is empty");
        instances = List.copyOf(instances);
        Map<String, Integer> seen = new HashMap<>();
        for (int k = 0; k < instances.size(); k++) {
            Integer before = seen.putIfAbsent(instances.get(k).id(), k);
            if (before != null) {
                throw new InputException(
                        name,
                        "",
                        "holds the instance id '" + instances.get(k).id() + "' twice (instances " + before + " and " + k
                                + "): ids must be unique, since results and given decisions are matched by id");
            }
        }
    }

    /**
     * Reads a JSON-lines instance file, or every {@code *.jsonl} file of a folder (not its subfolders), in name order.
     * Errors name the file, the line and the field.
     */
    public static InstanceSet read(Path fileOrFolder) {
        if (Files.isDirectory(fileOrFolder)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(fileOrFolder)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(EXTENSION) && Files.isRegularFile(p))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new InputException(fileOrFolder.toString(), "", "cannot be listed: " + e.getMessage());
            }
            if (files.isEmpty())
                throw new InputException(fileOrFolder.toString(), "", "holds no " + EXTENSION + " file");
            List<Instance> all = new ArrayList<>();
            for (Path f : files) {
                all.addAll(InstanceJson.readAll(f));
                if (all.size() > InstanceJson.MAX_INSTANCES) {
                    throw new InputException(
                            fileOrFolder.toString(),
                            "",
                            "holds more than " + InstanceJson.MAX_INSTANCES + " instances");
                }
            }
            return new InstanceSet(fileOrFolder.getFileName() + "/", all);
        }
        return new InstanceSet(String.valueOf(fileOrFolder.getFileName()), InstanceJson.readAll(fileOrFolder));
    }

    public int size() {
        return instances.size();
    }

    /** "N = 10, M = 3", or ranges when the instances differ. */
    public String sizes() {
        int nLo = Integer.MAX_VALUE, nHi = 0, mLo = Integer.MAX_VALUE, mHi = 0;
        for (Instance i : instances) {
            nLo = Math.min(nLo, i.n());
            nHi = Math.max(nHi, i.n());
            mLo = Math.min(mLo, i.m());
            mHi = Math.max(mHi, i.m());
        }
        return "N = " + (nLo == nHi ? nLo : nLo + ".." + nHi) + ", M = " + (mLo == mHi ? mLo : mLo + ".." + mHi);
    }
}
